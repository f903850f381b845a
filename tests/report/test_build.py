"""``build_report`` and ``tracker report`` on the reference truces, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from tests.report.report_fixtures import at, load_and_project
from tracker.cli import cli
from tracker.report import build_report


def test_the_reference_report_has_five_truces_at_the_projections_log_position(
    projected_engine: Engine, tmp_path: Path
) -> None:
    steps: list[str] = []
    paths = build_report(
        projected_engine, tmp_path / "out", now=at("2026-01-01T00:00"), on_step=steps.append
    )
    page = paths.html.read_text(encoding="utf-8")
    assert paths.html == tmp_path / "out" / "index.html"
    assert paths.png.read_bytes().startswith(b"\x89PNG")
    assert page.count('class="truce-row"') == 5
    for truce_id in (
        "nk-2020-10-10",
        "nk-2020-10-18",
        "nk-2020-10-26",
        "nk-2020-11-10",
        "nk-2023-09-20",
    ):
        assert f'data-truce-id="{truce_id}"' in page
    assert '<span id="log-position">36</span>' in page
    assert 'id="notes"' not in page
    assert steps[:2] == ["reading the views", "drawing the timeline of 5 truces"]
    assert steps[2].startswith("drawing the daily counts (") and steps[3:] == ["writing the page"]


def test_the_report_as_of_the_end_of_october_2020_shows_only_the_three_october_truces(
    projected_engine: Engine, tmp_path: Path
) -> None:
    paths = build_report(projected_engine, tmp_path, as_of=at("2020-10-31T00:00"))
    page = paths.html.read_text(encoding="utf-8")
    assert page.count('class="truce-row"') == 3
    assert 'id="as-of"' in page


def test_tracker_report_writes_both_files_and_prints_their_paths(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--database", url, "db", "upgrade"]).exit_code == 0
    load_and_project(url)
    out = tmp_path / "report"
    result = runner.invoke(cli, ["--database", url, "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out / 'index.html'}\nWrote {out / 'timeline.png'}\n" in result.output


def test_tracker_report_rejects_an_as_of_without_a_zone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(
        cli, ["--database", url, "report", "--out", str(tmp_path), "--as-of", "2020-10-31T00:00"]
    )
    assert result.exit_code == 2
    assert "time without a zone" in result.output


def test_tracker_report_as_of_before_anything_was_known_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--database", url, "db", "upgrade"]).exit_code == 0
    load_and_project(url)
    out = tmp_path / "report"
    result = runner.invoke(
        cli, ["--database", url, "report", "--out", str(out), "--as-of", "2000-01-01T00:00Z"]
    )
    assert result.exit_code == 1
    assert "nothing was known at 2000-01-01T00:00:00Z (knowledge time)" in result.output
    assert not (out / "index.html").exists()
