"""The report page: one self-contained HTML file (inline CSS, the timeline as a data: URI).

Owns the markup: header with generation time and log position, counts, the timeline
figure, the truce status table with its sources as links, and the tables of violation
reports and casualty claims. Every value is escaped; only http(s) URLs become links.
Must not load anything from outside the page (no external CSS, fonts, scripts or
images), query the database, or draw the picture.

Stable hooks for tests and readers: ``#report-header``, ``#generated-at``,
``#log-position``, ``#counts``, ``#timeline`` (``#timeline-image``), ``#truce-status``
with one ``tr.truce-row`` per truce (``data-truce-id``, ``data-outcome``),
``#violation-reports`` (``tr.violation-row``), ``#casualty-claims``
(``tr.casualty-row``), ``#notes``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from urllib.parse import urlsplit

from tracker.report import daily
from tracker.report.data import ReportData, Truce
from tracker.report.timeline import OUTCOME_COLOURS

CSS = """
:root { color-scheme: light; --ink: #1d2430; --muted: #5d6673; --rule: #d9dde3; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI",
       Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #ffffff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0; }
.notes { background: #fff6e0; border: 1px solid #f0d58c; padding: 8px 12px; border-radius: 4px; }
.counts { display: flex; flex-wrap: wrap; gap: 12px; padding: 0; margin: 0; list-style: none; }
.counts li { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.counts .n { display: block; font-size: 22px; font-weight: 600; }
.counts .label { color: var(--muted); font-size: 12px; }
figure { margin: 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
th { background: #f3f5f8; font-weight: 600; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #ffffff;
         font-size: 12px; font-weight: 600; }
.small { color: var(--muted); font-size: 12px; }
ol.sources { margin: 0; padding-left: 22px; min-width: 150px; }
ol.sources a { word-break: break-all; }
.claim { font-style: italic; color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
"""


def _utc(when: datetime | None) -> str:
    return "" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


def _time(when: datetime | None, element_id: str = "") -> str:
    if when is None:
        return "—"
    id_attr = f' id="{element_id}"' if element_id else ""
    return f'<time{id_attr} datetime="{escape(when.isoformat())}">{escape(_utc(when))}</time>'


def _link(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return escape(url)
    shown = parts.netloc.removeprefix("www.")
    return (
        f'<a class="source" href="{escape(url, quote=True)}" title="{escape(url, quote=True)}" '
        f'rel="noreferrer">{escape(shown)}</a>'
    )


def _sources(urls: Sequence[str]) -> str:
    if not urls:
        return '<span class="small">none recorded</span>'
    items = "".join(f"<li>{_link(u)}</li>" for u in urls)
    return f'<ol class="sources">{items}</ol>'


def _badge(outcome: str) -> str:
    colour = OUTCOME_COLOURS.get(outcome, OUTCOME_COLOURS["announced"])
    return f'<span class="badge outcome-{escape(outcome)}" style="background:{colour}">{escape(outcome)}</span>'


def _counts(data: ReportData) -> str:
    incidents = {v.incident_id or v.report_id for v in data.violations}
    items = [
        ("count-truces", len(data.truces), "truces"),
        ("count-violation-reports", len(data.violations), "violation reports"),
        ("count-incidents", len(incidents), "incidents"),
        ("count-denials", data.denial_count, "denials"),
        ("count-casualty-claims", len(data.casualties), "casualty claims"),
    ]
    for outcome, n in data.truces_by_outcome().items():
        items.append((f"count-{outcome}", n, f"truces {outcome}"))
    boxes = "".join(
        f'<li id="{cid}"><span class="n">{n}</span><span class="label">{escape(label)}</span></li>'
        for cid, n, label in items
    )
    by_accuser = ", ".join(
        f"{escape(actor)}: {n}" for actor, n in data.reports_by_accuser().items()
    )
    accusers = (
        f'<p class="small" id="reports-by-accuser">Reports by accusing actor: {by_accuser}</p>'
        if by_accuser
        else ""
    )
    return f'<ul class="counts">{boxes}</ul>{accusers}'


def _first_violation(t: Truce) -> str:
    if t.first_violation_at is None:
        return "—"
    after = t.time_to_first_violation or (
        f"{t.minutes_to_first_violation} min" if t.minutes_to_first_violation is not None else ""
    )
    text = (
        escape(t.first_violation_local) if t.first_violation_local else _time(t.first_violation_at)
    )
    if after:
        text += f'<br><span class="small">{escape(after)} after effect (occurred)</span>'
    if t.time_to_first_published:
        text += f'<br><span class="small">{escape(t.time_to_first_published)} to first publication</span>'
    return text


def _truce_rows(truces: Iterable[Truce]) -> str:
    rows = []
    for t in truces:
        by_accuser = ", ".join(f"{escape(a)} {n}" for a, n in t.report_counts_by_accuser)
        reports = f"{t.report_count}" + (
            f'<br><span class="small">{by_accuser}</span>' if by_accuser else ""
        )
        ended = escape(t.ended_local) if t.ended_local else _time(t.ended_at)
        if t.superseded_by:
            ended += f'<br><span class="small">superseded by {escape(t.superseded_by)}</span>'
        rule = f' <span class="small">({escape(t.status_rule)})</span>' if t.status_rule else ""
        lifespan = t.lifespan or (
            f"{t.lifespan_minutes} min" if t.lifespan_minutes is not None else "—"
        )
        rows.append(
            f'<tr class="truce-row" id="truce-{escape(t.truce_id)}" data-truce-id="{escape(t.truce_id)}" '
            f'data-outcome="{escape(t.outcome)}" data-status="{escape(t.status)}">'
            f'<td><strong>{escape(t.truce_id)}</strong><br><span class="small">{escape(t.name)}</span></td>'
            f"<td>{escape(', '.join(t.parties)) or '—'}</td>"
            f"<td>{escape(', '.join(t.brokers)) or '—'}</td>"
            f"<td>{_time(t.effective_at)}</td>"
            f"<td>{_first_violation(t)}</td>"
            f'<td class="num">{reports}</td>'
            f"<td>{ended}</td>"
            f"<td>{_badge(t.outcome)}</td>"
            f"<td>{escape(lifespan)}</td>"
            f'<td><span class="status">{escape(t.status)}</span>{rule}'
            f'<br><span class="small">{escape(t.status_reason)}</span></td>'
            f"<td>{_sources(t.sources)}</td>"
            "</tr>"
        )
    return "".join(rows)


def _truce_table(data: ReportData) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "Truce",
            "Parties",
            "Brokers",
            "Effective",
            "First reported violation",
            "Reports",
            "Ended",
            "How it ended",
            "Lifespan",
            "Status",
            "Sources",
        )
    )
    body = _truce_rows(data.truces) or '<tr><td colspan="11">No truces recorded.</td></tr>'
    return f'<table id="truce-status"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _violation_table(data: ReportData) -> str:
    rows = []
    for v in data.violations:
        who = escape(v.accuser_text or v.accuser)
        target = f" (against {escape(v.against)})" if v.against else ""
        rows.append(
            f'<tr class="violation-row" data-report-id="{escape(v.report_id)}" '
            f'data-accuser="{escape(v.accuser)}">'
            f"<td>{escape(v.occurred_local) if v.occurred_local else _time(v.occurred_at)}"
            f'<br><span class="small">{escape(v.occurred_precision)}</span></td>'
            f"<td>{escape(v.truce_id or 'none in force')}</td>"
            f'<td><span class="claim">{who} accuses</span> {escape(v.accused)}{target}</td>'
            f"<td>{escape(', '.join(v.places))}</td>"
            f"<td>{escape(v.description)}</td>"
            f"<td>{_sources(v.sources)}</td>"
            "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("Occurred", "Truce", "Claim", "Places", "What", "Sources")
    )
    body = "".join(rows) or '<tr><td colspan="6">No violation reports.</td></tr>'
    return (
        f'<table id="violation-reports"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _casualty_table(data: ReportData) -> str:
    rows = []
    for c in data.casualties:
        words = c.qualifier_text or ("" if c.qualifier in ("", "exact") else c.qualifier)
        figure = f"{escape(words.replace('_', ' '))} {c.figure}".strip()
        what = c.category.replace("_", " ") if "_" in c.category else f"{c.category} {c.outcome}"
        rows.append(
            f'<tr class="casualty-row" data-claim-id="{escape(c.claim_id)}">'
            f"<td>{_time(c.occurred_at)}</td>"
            f"<td>{escape(c.claimant)}</td>"
            f"<td>{escape(c.side)}</td>"
            f"<td>{escape(what.strip())}</td>"
            f'<td class="num">{figure}</td>'
            f"<td>{_sources(c.sources)}</td>"
            "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("Occurred", "Claimant", "Side", "What", "Figure", "Sources")
    )
    body = "".join(rows) or '<tr><td colspan="6">No casualty claims.</td></tr>'
    return (
        f'<table id="casualty-claims"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _daily(data: ReportData, png: bytes | None) -> str:
    """The daily picture's section: the image, its caption, links to the SVG and the CSV."""
    if png is None:
        return ""
    image = base64.b64encode(png).decode("ascii")
    what = "incidents" if data.daily_column == "incidents" else "reports"
    alt = (
        f"Daily {what} claimed per local day by accusing actor, one panel per truce; "
        f"{len(data.daily)} day and accuser cells."
    )
    return f"""<section><h2>Daily {escape(what)} by accuser</h2>
<figure id="daily">
<img id="daily-image" alt="{escape(alt, quote=True)}" src="data:image/png;base64,{image}">
<figcaption id="daily-source">{escape(daily.source_line(data))}
The same numbers: <a id="daily-csv" href="daily.csv">daily.csv</a> ·
vector picture: <a id="daily-svg" href="daily.svg">daily.svg</a>.</figcaption>
</figure>
</section>"""


def render(
    data: ReportData,
    png: bytes,
    *,
    title: str = "Ceasefire tracker report",
    daily_png: bytes | None = None,
) -> str:
    """The whole page as a string, with ``png`` (and ``daily_png``) embedded as data: URIs."""
    position = "unknown" if data.log_position is None else str(data.log_position)
    as_of = f' · as known at <span id="as-of">{_time(data.as_of)}</span>' if data.as_of else ""
    notes = ""
    if data.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in data.notes)
        notes = f'<section id="notes" class="notes"><ul>{items}</ul></section>'
    image = base64.b64encode(png).decode("ascii")
    alt = (
        f"Timeline of {len(data.truces)} truces: bars from effective time to end coloured by "
        f"how each ended; {len(data.violations)} violation reports as marks by accusing actor; "
        f"{len(data.casualties)} casualty claims below."
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tracker report">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header id="report-header">
<h1>{escape(title)}</h1>
<p class="meta">Generated {_time(data.generated_at, "generated-at")} · as of log position
<span id="log-position">{escape(position)}</span>{as_of}</p>
</header>
{notes}
<section id="summary"><h2>Counts</h2><div id="counts">{_counts(data)}</div></section>
<section><h2>Timeline</h2>
<figure id="timeline">
<img id="timeline-image" alt="{escape(alt, quote=True)}" src="data:image/png;base64,{image}">
<figcaption>Times in UTC. Bars run from the effective time to the end (hatched: still in force).
Marks are violation <em>claims</em> by the accusing actor, on the row of the truce in force between
those actors when the violation reportedly occurred. The shaded band on the overview is the zoomed window.
</figcaption>
</figure>
</section>
{_daily(data, daily_png)}
<section><h2>Truce status</h2>{_truce_table(data)}</section>
<section><h2>Violation reports</h2>
<p class="small">Each row is one source's claim, not an established fact.</p>
{_violation_table(data)}</section>
<section><h2>Casualty claims</h2>{_casualty_table(data)}</section>
<footer>tracker report · data from the analysts' views (truce_status, truce_status_history,
violation_reports, casualty_claims, denials) · every number traces to the sources listed.</footer>
</body>
</html>
"""
