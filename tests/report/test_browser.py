"""The report in a real browser: headless Chromium renders a non-blank page with its elements.

Skips with a reason if ``/usr/bin/chromium`` is missing (install it with
``scripts/install-chromium.sh``), except under ``CI=true``, where that fails.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tracker.report import daily, html, timeline
from tracker.report.data import ReportData

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

pytestmark = pytest.mark.slow


def _require_chromium() -> str:
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if found:
        return found
    message = f"{CHROMIUM} is missing: run scripts/install-chromium.sh (Debian's chromium package)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: the browser test must run)")
    pytest.skip(message)


def _chromium(binary: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=False,
    )


def pixel_spread(png: bytes) -> tuple[float, int]:
    """Variance and number of distinct values of the image's grey levels (Pillow), or of its
    decoded scanline bytes (zlib) when Pillow is absent."""
    try:
        import io

        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return _raw_spread(png)
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    total = sum(histogram)
    mean = sum(i * n for i, n in enumerate(histogram)) / total
    variance = sum(n * (i - mean) ** 2 for i, n in enumerate(histogram)) / total
    return variance, sum(1 for n in histogram if n)


def _raw_spread(png: bytes) -> tuple[float, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    mean = sum(raw) / len(raw)
    return sum((b - mean) ** 2 for b in raw) / len(raw), len(set(raw))


@pytest.fixture
def report_page(tmp_path: Path, reference_data: ReportData) -> Path:
    page = tmp_path / "report" / "index.html"
    page.parent.mkdir()
    page.write_text(html.render(reference_data, timeline.render(reference_data)), encoding="utf-8")
    return page


def test_headless_chromium_renders_the_report_as_a_non_blank_screenshot(
    tmp_path: Path, report_page: Path
) -> None:
    binary = _require_chromium()
    shot = tmp_path / "shot.png"
    result = _chromium(
        binary, tmp_path, f"--screenshot={shot}", "--window-size=1400,2000", report_page.as_uri()
    )
    assert shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    variance, distinct = pixel_spread(shot.read_bytes())
    assert variance > 100, f"screenshot looks blank (variance {variance:.1f})"
    assert distinct > 50, f"screenshot has only {distinct} grey levels"


def test_the_dom_chromium_builds_has_the_timeline_the_status_table_and_five_truce_rows(
    tmp_path: Path, report_page: Path
) -> None:
    binary = _require_chromium()
    result = _chromium(binary, tmp_path, "--dump-dom", report_page.as_uri())
    dom = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert 'id="timeline"' in dom
    assert 'id="timeline-image"' in dom
    assert 'id="truce-status"' in dom
    assert dom.count('class="truce-row"') == 5
    assert 'src="data:image/png;base64,' in dom


def _colour_pixels(png: bytes, hex_colour: str, tolerance: int = 6) -> int:
    import io

    from PIL import Image

    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(
        n
        for n, rgb in image.getcolors(maxcolors=1 << 24) or []
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))
    )


def test_the_daily_picture_in_chromium_shows_every_legend_colour(
    tmp_path: Path, reference_data: ReportData
) -> None:
    binary = _require_chromium()
    page = tmp_path / "daily" / "index.html"
    page.parent.mkdir()
    page.write_text(
        html.render(
            reference_data,
            timeline.render(reference_data),
            daily_png=daily.render(reference_data),
        ),
        encoding="utf-8",
    )
    shot = tmp_path / "daily-shot.png"
    result = _chromium(
        binary, tmp_path, f"--screenshot={shot}", "--window-size=1400,4000", page.as_uri()
    )
    assert shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    colours = daily.accuser_colours(reference_data.daily)
    assert colours
    for accuser, colour in colours.items():
        assert _colour_pixels(png, colour) > 30, f"{accuser}'s colour {colour} is not on screen"
    dom = _chromium(binary, tmp_path, "--dump-dom", page.as_uri()).stdout.decode()
    assert 'id="daily-image"' in dom and "truce_timeline_daily" in dom
