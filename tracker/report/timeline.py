"""The timeline picture: truces as bars, violation reports as marks, casualty claims below.

Owns the PNG (matplotlib on the Agg canvas, no pyplot and no global state): one bar
per truce from its effective time to its end, coloured by how it ended; violation
reports as marks on the row of the truce they were assigned to, shaped and coloured
by accusing actor; casualty claims over time in a lower panel. When some truces are
tiny against the whole span (hours out of three years), a zoom panel on the left shows
their window at a readable scale beside the full-range overview. Must not query the
database (it draws ``ReportData``) nor write anywhere but the path it is given.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# The Agg canvas is used directly (never pyplot): no GUI backend, no global figure state.
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tracker.report.data import OUTCOMES, Casualty, ReportData, Truce

#: Bar colour per outcome (colour-blind-safe Okabe-Ito hues).
OUTCOME_COLOURS: dict[str, str] = {
    "collapsed": "#D55E00",
    "superseded": "#E69F00",
    "ended": "#8A99A8",
    "ongoing": "#009E73",
    "announced": "#BBBBBB",
}
#: Colours and marker shapes handed out to actors in order of first appearance.
ACTOR_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#CC79A7",
    "#000000",
    "#56B4E9",
    "#8C564B",
    "#7F3C8D",
    "#F0E442",
)
ACTOR_MARKERS: tuple[str, ...] = ("v", "^", "D", "s", "P", "X", "o")
CASUALTY_MARKERS: dict[str, str] = {"killed": "o", "injured": "s"}

#: A truce shorter than this fraction of the whole span asks for a zoom panel.
SHORT_FRACTION = 0.02
#: The zoom panel is only drawn if its window is at most this fraction of the span.
MAX_ZOOM_FRACTION = 0.25
NO_TRUCE = "no truce in force"


@dataclass(frozen=True, slots=True)
class Window:
    """A time window [start, end] in UTC."""

    start: datetime
    end: datetime

    @property
    def width(self) -> timedelta:
        return self.end - self.start

    def contains(self, when: datetime) -> bool:
        return self.start <= when <= self.end


def bar_end(truce: Truce, horizon: datetime) -> datetime | None:
    """Where a truce's bar stops: its end, else the horizon (now or the as-of time)."""
    if truce.effective_at is None:
        return None
    end = truce.ended_at or horizon
    return max(end, truce.effective_at)


def horizon_of(data: ReportData) -> datetime:
    """The right edge of 'ongoing': the as-of time, else the generation time."""
    return data.as_of or data.generated_at


def full_window(data: ReportData) -> Window | None:
    """The span of everything drawn, padded by 3 %; None if there is nothing with a time."""
    horizon = horizon_of(data)
    times: list[datetime] = []
    for t in data.truces:
        if t.effective_at is not None:
            times.append(t.effective_at)
            end = t.ended_at or (horizon if t.outcome == "ongoing" else None)
            if end is not None:
                times.append(end)
    times += [v.occurred_at for v in data.violations if v.occurred_at is not None]
    times += [c.occurred_at for c in data.casualties if c.occurred_at is not None]
    if not times:
        return None
    start, end = min(times), max(times)
    pad = max((end - start) * 0.03, timedelta(hours=6))
    return Window(start - pad, end + pad)


def zoom_window(data: ReportData, full: Window) -> Window | None:
    """A window around the truces too short to see at full scale, or None if none needs it.

    A truce is short if its bar is under ``SHORT_FRACTION`` of the full span; the window
    spans the short truces with a margin, and is refused if wider than
    ``MAX_ZOOM_FRACTION`` of the span (then zooming would not help).
    """
    horizon = horizon_of(data)
    span = full.width
    shorts: list[tuple[datetime, datetime]] = []
    for t in data.truces:
        end = bar_end(t, horizon)
        if t.effective_at is None or end is None:
            continue
        if end - t.effective_at < span * SHORT_FRACTION:
            shorts.append((t.effective_at, end))
    if not shorts:
        return None
    start = min(s for s, _ in shorts)
    end = max(e for _, e in shorts)
    pad = max((end - start) * 0.08, timedelta(hours=12))
    window = Window(start - pad, end + pad)
    if window.width > span * MAX_ZOOM_FRACTION:
        return None
    return window


def actor_styles(data: ReportData) -> dict[str, tuple[str, str]]:
    """Colour and marker per actor (accusers, then claimants), stable for the same data."""
    order: list[str] = []
    for actor in [v.accuser for v in data.violations] + [c.claimant for c in data.casualties]:
        if actor and actor not in order:
            order.append(actor)
    return {
        actor: (ACTOR_COLOURS[i % len(ACTOR_COLOURS)], ACTOR_MARKERS[i % len(ACTOR_MARKERS)])
        for i, actor in enumerate(order)
    }


def _num(when: datetime) -> float:
    return float(mdates.date2num(when))  # type: ignore[no-untyped-call]


def _rows(data: ReportData) -> list[str]:
    rows = [t.truce_id for t in data.truces]
    known = set(rows)
    if any(v.truce_id not in known for v in data.violations):
        rows.append(NO_TRUCE)
    return rows


def _row_label(truce: Truce | None, truce_id: str) -> str:
    if truce is None:
        return truce_id
    who = "–".join(truce.parties)
    brokers = ",".join(truce.brokers)
    detail = f"{who}" + (f" · by {brokers}" if brokers else "")
    return f"{truce_id}\n{detail}" if detail else truce_id


def _draw_bars(
    ax: Axes, data: ReportData, rows: list[str], window: Window, unlabelled: set[str]
) -> None:
    horizon = horizon_of(data)
    min_width = window.width.total_seconds() / 86400 * 0.008
    for t in data.truces:
        end = bar_end(t, horizon)
        if t.effective_at is None or end is None:
            continue
        y = rows.index(t.truce_id)
        left = _num(t.effective_at)
        width = max(_num(end) - left, min_width)
        colour = OUTCOME_COLOURS.get(t.outcome, OUTCOME_COLOURS["announced"])
        ax.barh(
            y,
            width,
            left=left,
            height=0.5,
            color=colour,
            edgecolor="#333333",
            linewidth=0.6,
            hatch="//" if t.outcome == "ongoing" else None,
            zorder=2,
        )
        label = t.lifespan if t.lifespan and t.lifespan != t.outcome else ""
        text = t.outcome + (f" · {label}" if label else "")
        right = _num(window.end)
        if t.truce_id in unlabelled or left > right or left + width < _num(window.start):
            continue
        # Above the bar, from its start; from its end, leftwards, if it starts late in the panel.
        if left + width >= right or left > right - (right - _num(window.start)) * 0.3:
            x, align = min(left + width, right), "right"
        else:
            x, align = max(left, _num(window.start)), "left"
        ax.text(
            x, y - 0.3, text, fontsize=7.5, color="#333333", ha=align, va="bottom", clip_on=True
        )


def _draw_marks(
    ax: Axes, data: ReportData, rows: list[str], styles: dict[str, tuple[str, str]]
) -> None:
    accusers = list(dict.fromkeys(v.accuser for v in data.violations))
    spread = 0.36
    known = set(rows)
    for v in data.violations:
        if v.occurred_at is None:
            continue
        row = v.truce_id if v.truce_id in known else NO_TRUCE
        offset = 0.0
        if len(accusers) > 1:
            offset = -spread / 2 + spread * accusers.index(v.accuser) / (len(accusers) - 1)
        colour, marker = styles.get(v.accuser, ("#000000", "o"))
        ax.plot(
            _num(v.occurred_at),
            rows.index(row) + offset,
            linestyle="none",
            marker=marker,
            markersize=7,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=0.7,
            alpha=0.9,
            zorder=3,
        )


def _draw_casualties(
    ax: Axes, casualties: Sequence[Casualty], styles: dict[str, tuple[str, str]]
) -> None:
    for c in casualties:
        if c.occurred_at is None:
            continue
        colour, _ = styles.get(c.claimant, ("#000000", "o"))
        marker = CASUALTY_MARKERS.get(c.outcome, "^")
        x = _num(c.occurred_at)
        ax.vlines(x, 0, c.figure, colors=colour, linewidth=1.0, alpha=0.6, zorder=2)
        ax.plot(
            x,
            c.figure,
            linestyle="none",
            marker=marker,
            markersize=6,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=3,
        )
    ax.set_ylim(bottom=0)


def _format_time_axis(ax: Axes, window: Window) -> None:
    ax.set_xlim(_num(window.start), _num(window.end))
    locator = mdates.AutoDateLocator(tz=UTC, minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=UTC))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6, zorder=0)


def _legend_handles(data: ReportData, styles: dict[str, tuple[str, str]]) -> list[Any]:
    handles: list[Any] = [
        Patch(
            facecolor=OUTCOME_COLOURS[o],
            edgecolor="#333333",
            label=o,
            hatch="//" if o == "ongoing" else None,
        )
        for o in OUTCOMES
        if any(t.outcome == o for t in data.truces)
    ]
    accusers = dict.fromkeys(v.accuser for v in data.violations)
    for actor in accusers:
        colour, marker = styles[actor]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markerfacecolor=colour,
                markeredgecolor="white",
                markersize=8,
                label=f"report by {actor}",
            )
        )
    for outcome in sorted({c.outcome for c in data.casualties}):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=CASUALTY_MARKERS.get(outcome, "^"),
                markerfacecolor="#777777",
                markeredgecolor="white",
                markersize=7,
                label=f"claimed {outcome or 'casualties'}",
            )
        )
    return handles


def _title(data: ReportData, full: Window) -> str:
    position = "unknown" if data.log_position is None else str(data.log_position)
    when = f"as of {data.as_of:%Y-%m-%d %H:%M} UTC, " if data.as_of else ""
    return (
        f"Truces, violation reports and casualty claims, {full.start:%b %Y} – {full.end:%b %Y} "
        f"(UTC; {when}log position {position})"
    )


def render(data: ReportData) -> bytes:
    """The timeline as PNG bytes."""
    fig = Figure(figsize=(13, 8), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    full = full_window(data)
    if full is None or not data.truces:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No truces in the database yet.\nLoad some and run `tracker project`.",
            ha="center",
            va="center",
            fontsize=16,
            color="#333333",
        )
        return _png(fig)
    zoom = zoom_window(data, full)
    rows = _rows(data)
    styles = actor_styles(data)
    by_id = {t.truce_id: t for t in data.truces}
    panels: list[tuple[Window, bool]] = [(full, False)]
    ratios = [1.0]
    if zoom is not None:
        panels = [(zoom, True), (full, False)]
        ratios = [1.0, 1.5]
    grid = fig.add_gridspec(2, len(panels), height_ratios=[3, 1.3], width_ratios=ratios)
    top_axes: list[Axes] = []
    for col, (window, zoomed) in enumerate(panels):
        top = fig.add_subplot(grid[0, col], sharey=top_axes[0] if top_axes else None)
        bottom = fig.add_subplot(grid[1, col], sharex=top)
        top_axes.append(top)
        in_zoom = {
            t.truce_id
            for t in data.truces
            if zoom is not None
            and not zoomed
            and t.effective_at is not None
            and zoom.contains(t.effective_at)
        }
        _draw_bars(top, data, rows, window, in_zoom)
        _draw_marks(top, data, rows, styles)
        _draw_casualties(bottom, data.casualties, styles)
        _format_time_axis(top, window)
        _format_time_axis(bottom, window)
        top.set_ylim(len(rows) - 0.5, -0.6)
        top.set_yticks(range(len(rows)))
        if col == 0:
            top.set_yticklabels([_row_label(by_id.get(r), r) for r in rows], fontsize=8)
            bottom.set_ylabel("casualties claimed", fontsize=9)
        else:
            top.tick_params(labelleft=False)
        if zoomed:
            top.set_title(f"zoom: {window.start:%d %b} – {window.end:%d %b %Y}", fontsize=10)
            top.set_facecolor("#FAFAF5")
            bottom.set_facecolor("#FAFAF5")
        else:
            top.set_title("whole period" if zoom is not None else "", fontsize=10)
            if zoom is not None:
                top.axvspan(_num(zoom.start), _num(zoom.end), color="#E8E4D0", zorder=0)
                bottom.axvspan(_num(zoom.start), _num(zoom.end), color="#E8E4D0", zorder=0)
            if data.as_of is not None or any(t.outcome == "ongoing" for t in data.truces):
                top.axvline(_num(horizon_of(data)), color="#999999", linestyle="--", linewidth=0.8)
        if not data.casualties:
            bottom.text(
                0.5,
                0.5,
                "no casualty claims",
                transform=bottom.transAxes,
                ha="center",
                va="center",
                color="#777777",
            )
    fig.suptitle(_title(data, full), fontsize=12)
    fig.legend(
        handles=_legend_handles(data, styles),
        loc="outside lower center",
        ncol=6,
        fontsize=8,
        frameon=False,
    )
    return _png(fig)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": "tracker report"})
    return buffer.getvalue()


def write(data: ReportData, path: Path) -> Path:
    """Render the timeline and write it to ``path``."""
    path.write_bytes(render(data))
    return path
