"""The analysts' report: an HTML page and a PNG timeline, built from the SQL views only.

Owns ``build_report(engine, out_dir)``: read the views (``data``), draw the timeline
(``timeline``), write the page (``html``). Must not read the log or projection tables,
compute statuses, or print (progress goes through the optional ``on_step`` callback;
the CLI renders it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from tracker.report import daily, html, timeline
from tracker.report import data as report_data

HTML_NAME = "index.html"
PNG_NAME = "timeline.png"
DAILY_PNG = "daily.png"
DAILY_SVG = "daily.svg"
DAILY_CSV = "daily.csv"


@dataclass(frozen=True, slots=True)
class ReportPaths:
    """Where the report was written."""

    html: Path
    png: Path
    daily_png: Path
    daily_svg: Path
    daily_csv: Path


def build_report(
    engine: Engine,
    out_dir: Path | str,
    *,
    as_of: datetime | None = None,
    now: datetime | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ReportPaths:
    """Write ``index.html``, ``timeline.png`` and the daily picture (``daily.png``,
    ``daily.svg``, its numbers in ``daily.csv``) into ``out_dir`` (created if missing).

    ``as_of`` shows the truces as they stood at that valid time; ``now`` fixes the
    generation time (tests). The HTML embeds the PNG, so it stands alone.

    Raises:
        OSError: ``out_dir`` cannot be created or written.
        sqlalchemy.exc.SQLAlchemyError: the database cannot be read.
    """
    step = on_step or (lambda _message: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    step("reading the views")
    data = report_data.load(engine, as_of=as_of, now=now)
    step(f"drawing the timeline of {len(data.truces)} truces")
    png = timeline.render(data)
    png_path = out / PNG_NAME
    png_path.write_bytes(png)
    step(f"drawing the daily counts ({len(data.daily)} cells)")
    daily_png = daily.render(data, "png")
    paths = {name: out / name for name in (DAILY_PNG, DAILY_SVG, DAILY_CSV)}
    paths[DAILY_PNG].write_bytes(daily_png)
    paths[DAILY_SVG].write_bytes(daily.render(data, "svg"))
    paths[DAILY_CSV].write_text(daily.csv_text(data), encoding="utf-8")
    step("writing the page")
    html_path = out / HTML_NAME
    html_path.write_text(html.render(data, png, daily_png=daily_png), encoding="utf-8")
    return ReportPaths(
        html=html_path,
        png=png_path,
        daily_png=paths[DAILY_PNG],
        daily_svg=paths[DAILY_SVG],
        daily_csv=paths[DAILY_CSV],
    )
