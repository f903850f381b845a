"""The brief's picture: daily incident counts by accuser, its legend, source line, CSV and SVG."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import sqlalchemy as sa
from sqlalchemy import Engine

from tracker.report import build_report, daily
from tracker.report.data import DAILY_COLUMN, ReportData, load


def test_every_accuser_colour_is_explained_in_the_legend(reference_data: ReportData) -> None:
    fig = daily.figure(reference_data)
    texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    accusers = {c.accuser for c in reference_data.daily}
    for accuser in accusers:
        assert any(t.startswith(f"{accuser} ") or t.startswith(f"{accuser}:") for t in texts), (
            accuser,
            texts,
        )
    assert any("no claim" in t and "span" in t for t in texts)  # the span colour too
    assert len(texts) == len(accusers) + 1


def test_the_source_line_names_the_view_the_column_the_zone_and_the_log_position(
    reference_data: ReportData,
) -> None:
    line = daily.source_line(reference_data)
    assert "truce_timeline_daily" in line
    assert f"column {reference_data.daily_column}" in line
    assert "UTC+04:00" in line
    assert "log position 42" in line


def test_the_csv_beside_the_picture_holds_the_same_numbers(reference_data: ReportData) -> None:
    rows = list(csv.DictReader(io.StringIO(daily.csv_text(reference_data))))
    assert [(r["truce_id"], r["day"], r["accuser"], int(r["count"])) for r in rows] == [
        (c.truce_id, c.day.isoformat(), c.accuser, c.count) for c in reference_data.daily
    ]
    assert {r["counted"] for r in rows} == {reference_data.daily_column}


def test_the_svg_is_well_formed_and_draws_bars(reference_data: ReportData) -> None:
    svg = daily.render(reference_data, "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(svg) > 10_000
    ns = "{http://www.w3.org/2000/svg}"
    assert len(list(root.iter(f"{ns}path"))) > 20
    assert daily.render(reference_data, "svg") == svg  # no date inside: reproducible


def test_the_picture_reads_the_daily_counts_of_the_projected_database(
    projected_engine: Engine, tmp_path
) -> None:
    data = load(projected_engine)
    with projected_engine.connect() as conn:
        expected = {
            (r.truce_id, str(r.day)[:10], r.accuser): int(r.n)
            for r in conn.execute(
                sa.text(
                    f"SELECT truce_id, day, accuser, {DAILY_COLUMN} AS n FROM truce_timeline_daily"
                )
            )
            if r.n
        }
    assert expected, "the reference data gives daily counts"
    assert {(c.truce_id, c.day.isoformat(), c.accuser): c.count for c in data.daily} == expected
    assert data.daily_column == DAILY_COLUMN
    assert data.local_zone == "+04:00"
    paths = build_report(projected_engine, tmp_path / "out")
    ET.fromstring(paths.daily_svg.read_bytes())
    rows = list(csv.DictReader(paths.daily_csv.open(encoding="utf-8")))
    assert sum(int(r["count"]) for r in rows) == sum(expected.values())
    assert paths.daily_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = paths.html.read_text(encoding="utf-8")
    assert 'id="daily-image"' in page and 'href="daily.csv"' in page


def test_as_of_keeps_the_days_up_to_the_local_day_of_the_cutoff(reference_data: ReportData) -> None:
    from datetime import UTC, datetime

    from tracker.report.data import at_time

    # 10 Oct 21:00 UTC is already 11 Oct in UTC+04:00
    shown = at_time(reference_data, datetime(2020, 10, 10, 21, 0, tzinfo=UTC))
    days = {c.day.isoformat() for c in shown.daily}
    assert days == {"2020-10-10", "2020-10-11"}
