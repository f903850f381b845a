"""The timeline picture: the zoom window, and PNGs that decode to the expected size."""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image

from tests.report.report_fixtures import a_truce, at
from tracker.report import timeline
from tracker.report.data import ReportData


def test_the_three_october_2020_truces_get_a_zoom_window_that_excludes_november(
    reference_data: ReportData,
) -> None:
    full = timeline.full_window(reference_data)
    assert full is not None
    zoom = timeline.zoom_window(reference_data, full)
    assert zoom is not None
    assert zoom.start < at("2020-10-10T08:00") < at("2020-10-26T04:00") < zoom.end
    assert zoom.end < at("2020-11-09T21:00")


def test_no_zoom_window_when_every_truce_is_long_against_the_span() -> None:
    data = ReportData(
        generated_at=at("2024-01-01T00:00"),
        truces=(
            a_truce("t-1", "2021-01-01T00:00", "2021-09-01T00:00", "ended"),
            a_truce("t-2", "2022-01-01T00:00", "2023-01-01T00:00", "collapsed"),
        ),
    )
    full = timeline.full_window(data)
    assert full is not None
    assert timeline.zoom_window(data, full) is None


def test_an_ongoing_truce_bar_runs_to_the_generation_time(reference_data: ReportData) -> None:
    ongoing = reference_data.truces[-1]
    assert timeline.bar_end(ongoing, timeline.horizon_of(reference_data)) == at("2024-01-01T00:00")


def test_the_reference_timeline_is_a_1430_by_880_png_with_ink(reference_data: ReportData) -> None:
    png = timeline.render(reference_data)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (1430, 880)
    lo, hi = image.getextrema()
    assert hi - lo > 200
    assert sum(1 for n in image.histogram() if n) > 20


def test_an_empty_database_still_renders_a_png_that_says_so() -> None:
    png = timeline.render(ReportData(generated_at=at("2024-01-01T00:00")))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).size == (1430, 880)


def test_truces_without_times_and_reports_without_a_truce_do_not_break_the_picture(
    reference_data: ReportData,
) -> None:
    data = replace(
        reference_data,
        truces=(
            *reference_data.truces,
            a_truce("t-x", "2021-06-01T00:00", None, None, effective_at=None),
        ),
    )
    assert timeline.render(data).startswith(b"\x89PNG")
