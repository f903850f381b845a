"""The report page: self-contained, escaped, with the elements readers and tests look for."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.report.report_fixtures import a_truce
from tracker.report import html
from tracker.report.data import ReportData

PNG = b"\x89PNG\r\n\x1a\nfake"


def test_the_page_has_the_documented_ids_and_one_row_per_truce(reference_data: ReportData) -> None:
    page = html.render(reference_data, PNG)
    for element_id in (
        "report-header",
        "generated-at",
        "log-position",
        "counts",
        "timeline",
        "timeline-image",
        "truce-status",
        "violation-reports",
        "casualty-claims",
    ):
        assert f'id="{element_id}"' in page, element_id
    assert page.count('class="truce-row"') == 5
    assert page.count('class="violation-row"') == 8
    assert page.count('class="casualty-row"') == 3
    assert '<span id="log-position">42</span>' in page
    assert 'datetime="2024-01-01T00:00:00+00:00"' in page


def test_the_page_loads_nothing_from_outside_and_embeds_the_png_as_a_data_uri(
    reference_data: ReportData,
) -> None:
    page = html.render(reference_data, PNG)
    assert 'src="data:image/png;base64,iVBORw0KGgpmYWtl"' in page
    assert re.search(r'\bsrc="(?!data:)', page) is None
    assert "<link" not in page
    assert "<script" not in page
    assert "@import" not in page and "url(" not in page


def test_sources_are_links_and_only_http_urls_become_links(reference_data: ReportData) -> None:
    truce = a_truce(
        "t-evil",
        "2021-01-01T00:00",
        None,
        None,
        sources=("https://example.org/a?b=1&c=2", "javascript:alert(1)"),
    )
    page = html.render(replace(reference_data, truces=(truce,)), PNG)
    assert '<a class="source" href="https://example.org/a?b=1&amp;c=2"' in page
    assert 'href="javascript' not in page
    assert "<li>javascript:alert(1)</li>" in page


def test_text_from_the_views_is_escaped(reference_data: ReportData) -> None:
    truce = a_truce("t-1", "2021-01-01T00:00", None, None, name="<b>Truce</b> & co")
    page = html.render(replace(reference_data, truces=(truce,)), PNG)
    assert "&lt;b&gt;Truce&lt;/b&gt; &amp; co" in page
    assert "<b>Truce</b>" not in page


def test_counts_show_reports_by_accusing_actor(reference_data: ReportData) -> None:
    page = html.render(reference_data, PNG)
    assert "Reports by accusing actor: AM: 3, AZ: 3, NK: 1, RU: 1" in page
    assert '<li id="count-truces"><span class="n">5</span>' in page
    assert '<li id="count-denials"><span class="n">3</span>' in page


def test_notes_about_missing_views_are_shown(reference_data: ReportData) -> None:
    page = html.render(replace(reference_data, notes=("view denials is missing",)), PNG)
    assert '<section id="notes"' in page
    assert "view denials is missing" in page
