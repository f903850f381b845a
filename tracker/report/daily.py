"""The brief's picture: daily incident counts by accuser over each truce's span.

Owns the chart (one panel per truce with counts, stacked bars per local day, one colour
per accusing actor), its legend (every colour explained, with the actor's name from
the actor registry), its source line, and the same numbers as CSV (``csv_text``), so
that a brief can quote the figure and its data side by side. Written as PNG and SVG
(matplotlib's Agg and SVG canvases; no pyplot, no global state). The numbers are
``ReportData.daily``, read by ``tracker.report.data.daily_counts`` alone. Must not
query the database nor write anywhere but the paths it is given.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta

from matplotlib import dates as mdates
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from tracker.domain.values import ACTORS
from tracker.report.data import DailyCount, ReportData, zone_of
from tracker.report.timeline import ACTOR_COLOURS

#: Columns of the CSV beside the picture.
CSV_COLUMNS: tuple[str, ...] = ("truce_id", "day", "accuser", "accuser_name", "count", "counted")
#: The colour of days with no claim inside a truce's span (the panel's background).
SPAN_COLOUR = "#F2F2F2"
#: Characters of legend text a line of the figure holds at 8 pt.
LINE_CHARS = 170
#: The most panels drawn (one per truce with counts).
MAX_PANELS = 8
#: A panel of at most this many days labels every day; a longer one lets matplotlib choose.
SHORT_SPAN = 14
#: On a long span a day's bar is widened to 1/MIN_BARS of the span, so that it stays visible.
MIN_BARS = 150


def accuser_colours(daily: tuple[DailyCount, ...]) -> dict[str, str]:
    """A colour per accuser, most claims first (stable for the same data)."""
    totals: dict[str, int] = defaultdict(int)
    for c in daily:
        totals[c.accuser] += c.count
    order = sorted(totals, key=lambda a: (-totals[a], a))
    return {a: ACTOR_COLOURS[i % len(ACTOR_COLOURS)] for i, a in enumerate(order)}


def actor_label(code: str) -> str:
    known = ACTORS.get(code)
    return f"{code} ({known.name})" if known is not None and known.name != code else code


def _what(column: str) -> str:
    return "incidents" if column == "incidents" else "reports"


def source_line(data: ReportData) -> str:
    """Where the numbers come from, for the foot of the picture and the CSV's readers."""
    position = "unknown" if data.log_position is None else str(data.log_position)
    zone = f"UTC{data.local_zone}" if data.local_zone else "the truce's zone"
    as_of = f", valid time as of {data.as_of:%Y-%m-%d %H:%MZ}" if data.as_of else ""
    return (
        f"Source: tracker, view truce_timeline_daily (column {data.daily_column}), "
        f"log position {position}{as_of}; generated {data.generated_at:%Y-%m-%d %H:%MZ}. "
        f"Days are local days ({zone}). Counts are claims by the accuser, not verified facts."
    )


def _spans(data: ReportData) -> list[tuple[str, date, date]]:
    """(truce, first day, last day) of the truces with counts, in effective order: from
    the local day the truce took effect to the day it ended (or its last count)."""
    by_truce: dict[str, list[date]] = defaultdict(list)
    for c in data.daily:
        by_truce[c.truce_id].append(c.day)
    zone = zone_of(data.local_zone)
    for t in data.truces:
        if t.truce_id in by_truce:
            for when in (t.effective_at, t.ended_at):
                if when is not None:
                    by_truce[t.truce_id].append(when.astimezone(zone).date())
    order = [t.truce_id for t in data.truces if t.truce_id in by_truce]
    order += sorted(set(by_truce) - set(order))
    return [(tid, min(by_truce[tid]), max(by_truce[tid])) for tid in order[:MAX_PANELS]]


def figure(data: ReportData) -> Figure:
    """The picture as a matplotlib figure (no canvas attached)."""
    spans = _spans(data)
    colours = accuser_colours(data.daily)
    height = 1.2 + 1.7 * max(len(spans), 1)
    fig = Figure(figsize=(11, height), dpi=110, layout="constrained")
    what = _what(data.daily_column)
    if not spans:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"No {what} assigned to a truce yet.", ha="center", va="center")
        fig.text(0.01, 0.01, source_line(data), fontsize=7, color="#444444", wrap=True)
        return fig
    axes = fig.subplots(len(spans), 1, squeeze=False)[:, 0]
    cells: dict[tuple[str, date], dict[str, int]] = defaultdict(dict)
    for c in data.daily:
        cells[(c.truce_id, c.day)][c.accuser] = c.count
    for ax, (tid, first, last) in zip(axes, spans, strict=True):
        ax.set_facecolor(SPAN_COLOUR)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        # a day's bar stands over the day (its noon); on a long span it is widened to stay visible
        xs = [_x(d) + 0.5 for d in days]
        width = max(0.8, len(days) / MIN_BARS)
        bottom = [0] * len(days)
        for accuser, colour in colours.items():
            heights = [cells.get((tid, d), {}).get(accuser, 0) for d in days]
            if not any(heights):
                continue
            ax.bar(xs, heights, bottom=bottom, width=width, color=colour, linewidth=0)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        pad = max(1.0, len(days) / 50)
        ax.set_xlim(_x(first) - pad, _x(last) + 1 + pad)
        ax.set_ylim(0, max(max(bottom), 1) * 1.15)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if len(days) <= SHORT_SPAN:
            ax.set_xticks(xs, [f"{d:%d %b %Y}" for d in days])
        else:
            locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        ax.set_ylabel(what, fontsize=8)
        ax.set_title(f"{tid}: {first:%d %b %Y} – {last:%d %b %Y}", fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
    zone = f"UTC{data.local_zone}" if data.local_zone else "local time"
    title = f"{what.capitalize()} claimed per local day ({zone}), by accuser"
    handles = [
        Patch(facecolor=colour, label=f"{actor_label(a)}: {what} it reported")
        for a, colour in colours.items()
    ]
    handles.append(
        Patch(
            facecolor=SPAN_COLOUR,
            edgecolor="#BBBBBB",
            label="grey: the truce's span, from effect to end; no bar: no claim",
        )
    )
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncol=_columns([str(h.get_label()) for h in handles]),
        fontsize=8,
        frameon=False,
        title=title,
        title_fontsize=11,
    )
    fig.supxlabel(source_line(data), fontsize=7, color="#444444")
    return fig


def _columns(labels: list[str]) -> int:
    """Legend columns that fit the figure's width (about LINE_CHARS characters at 8 pt)."""
    widest = max((len(label) for label in labels), default=1) + 6
    return max(1, min(len(labels), LINE_CHARS // widest))


def _x(day: date) -> float:
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def render(data: ReportData, fmt: str = "png") -> bytes:
    """The picture as ``png`` or ``svg`` bytes (the SVG has no date, so it is reproducible)."""
    fig = figure(data)
    buffer = io.BytesIO()
    if fmt == "svg":
        FigureCanvasSVG(fig)
        with rc_context({"svg.hashsalt": "tracker"}):  # stable element ids
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "tracker report"})
    else:
        FigureCanvasAgg(fig)
        fig.savefig(buffer, format="png", metadata={"Software": "tracker report"})
    return buffer.getvalue()


def csv_text(data: ReportData) -> str:
    """The picture's numbers: one row per (truce, local day, accuser)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in data.daily:
        known = ACTORS.get(c.accuser)
        writer.writerow(
            [
                c.truce_id,
                c.day.isoformat(),
                c.accuser,
                known.name if known else c.accuser,
                c.count,
                data.daily_column,
            ]
        )
    return out.getvalue()
