"""Feed bytes to :class:`ParsedFeed`: the entity guard, feedparser, and plain-text items.

Owns turning one fetched body into items (title, link, GUID, text, times, authors) and
deciding when a body is not a usable feed (:class:`~tracker.errors.FeedParseError`).
Must not fetch, touch the store, read the clock or keep state: the same bytes and
headers always give the same result.

Safety (FEEDS.md §3 item 9). feedparser 6.0.x does not use defusedxml, and when its
strict parser rejects an entity-expansion bomb the lenient fallback expands it anyway.
:func:`guard_prolog` therefore runs first: it reads only the prolog (the bytes before
the first element) and, if the DOCTYPE declares external or parameter entities, or its
entities would expand to more than :data:`MAX_ENTITY_EXPANSION` characters in the
document, removes the DOCTYPE and nothing else. The body is handed to feedparser as a
stream, never as a string, because feedparser opens a string that names a file.
"""

from __future__ import annotations

import calendar
import dataclasses
import io
import operator
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any, TypeVar
from xml.parsers import expat

import feedparser
import feedparser.api

from tracker.errors import FeedParseError
from tracker.ingest import feedparser_speedups

#: Largest total entity expansion (in characters) a DOCTYPE may cause before it is dropped.
MAX_ENTITY_EXPANSION = 1_000_000
#: Ill-formed bodies larger than this are refused instead of being handed to feedparser's
#: lenient fallback parser, which is slow on hostile input (10 MB of nested tags: ~50 s).
MAX_LENIENT_BYTES = 2 * 1024 * 1024
#: A DOCTYPE declaring more entities than this is dropped unread.
MAX_ENTITY_DECLARATIONS = 1_000

_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\U000effff]")


feedparser_speedups.install()

#: Largest body, once converted to UTF-8 from its charset, that is parsed (a 10 MiB body
#: in a one-byte charset is at most 30 MiB of UTF-8; past this it is refused).
MAX_DECODED_BYTES = 32 * 1024 * 1024


class _DecodedTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _replace_doctype_without_entities(data: bytes) -> tuple[str | None, bytes, dict[str, str]]:
    """feedparser's ``replace_doctype``, keeping no entity at all.

    feedparser collects ``<!ENTITY>`` declarations from anywhere before the first
    element (comments included), writes the "safe" ones into a new DOCTYPE for its strict
    parser and hands them to its lenient parser: both then expand them. Here the DOCTYPE
    and every declaration are removed and no entity is handed on, so references stay as
    they were written (``&a;``). Also where the decoded-size cap applies: ``data`` is
    the body converted to UTF-8 from whatever charset it had.
    """
    if len(data) > MAX_DECODED_BYTES:
        raise _DecodedTooLarge(len(data))
    version, stripped, _entities = _original_replace_doctype(data)
    start = re.search(rb"<\w", stripped)
    cut = start.start() if start else len(stripped)
    head = _ANY_ENTITY.sub(b"", stripped[:cut])
    head = _ANY_DOCTYPE.sub(b"", head)
    return version, head + stripped[cut:], {}


_ANY_ENTITY = re.compile(rb"<!ENTITY[^>]*>", re.IGNORECASE)
_ANY_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
_original_replace_doctype = feedparser.api.replace_doctype
feedparser.api.replace_doctype = _replace_doctype_without_entities
feedparser.api.PREFERRED_XML_PARSERS = ["tracker.ingest.safe_sax"]

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances of the dataclass ``cls`` as ``cls(*fields)``.

    Parsed feeds cross a process pipe (:class:`tracker.app.poll.ParsePool`); slotted
    dataclasses pickle through ``__getstate__``/``__setstate__`` loops in Python, at
    twice the cost of a constructor call with a tuple.
    """
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class ParsedItem:
    """One entry of a feed, as plain text.

    ``guid`` is the entry's ``<guid>``/``<id>`` (stripped; ``None`` when absent). As in
    feedparser, a relative RSS ``<guid>`` that is a permalink (no ``isPermaLink="false"``)
    comes back resolved against the feed URL.
    ``title``, ``summary`` and ``content`` are HTML stripped to text; ``content`` is the
    fullest text the feed offers (``content:encoded`` / Atom ``content``) and falls
    back to the summary. ``published_at`` is an aware UTC datetime taken, in order, from
    published, updated (incl. ``dc:date``) and created; ``None`` when the item carries no
    usable date (the poller then stamps the fetch time and flags it). ``published_raw``
    is the date string as written. ``language`` comes from the entry, else the feed.
    ``date_problem`` says why the date as written was refused (a day that does not
    exist, year 0, a date outside the calendar): ``published_at`` is then ``None`` and
    the poller quarantines the item rather than guess a date.
    """

    guid: str | None
    link: str | None
    title: str
    summary: str
    content: str
    published_at: datetime | None
    published_raw: str | None
    updated_at: datetime | None
    authors: tuple[str, ...]
    language: str | None
    date_problem: str | None = None


@pickled_by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its channel fields and items in document order.

    ``ttl_s`` is RSS ``<ttl>`` converted to seconds. ``hub_links`` are ``rel="hub"``
    links (WebSub, stored for later). ``warning`` is set when the body was accepted
    despite a problem (malformed XML that still yielded entries, a wrong declared
    encoding, a DOCTYPE removed by the entity guard); it belongs on the feed's health row.
    ``version`` is feedparser's format name (``rss20``, ``atom10``...). JSON Feed is not
    supported by feedparser 6.0.x and is reported as not a feed.
    """

    title: str
    link: str | None
    ttl_s: int | None
    hub_links: tuple[str, ...]
    items: list[ParsedItem]
    warning: str | None
    version: str = ""
    language: str | None = None


def parse_feed(body: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body fetched from ``url``.

    ``headers`` are the HTTP response headers (any case); ``content-type`` decides the
    encoding rules (RFC 3023) and ``url`` is the base for relative links. Without
    headers the body is read as ``application/xml`` (the XML declaration or BOM decides).

    Raises:
        FeedParseError: the body is empty, is an HTML page, is not a feed, is so
            malformed that no entry could be read, or is an entity bomb.
    """
    if not body.strip():
        raise FeedParseError(url, "empty body, no feed")
    guarded, guard_note = guard_prolog(body)
    if len(guarded) > MAX_LENIENT_BYTES:
        problem = _strict_xml_error(guarded)
        if problem is not None:
            raise FeedParseError(
                url,
                f"malformed XML ({problem}) in a body over {MAX_LENIENT_BYTES:,} bytes; "
                "the lenient parser is not tried on bodies this large",
            )
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    response_headers.setdefault("content-type", "application/xml")
    response_headers.setdefault("content-location", url)
    try:
        result: Any = feedparser.parse(
            io.BytesIO(guarded),
            response_headers=response_headers,
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except _DecodedTooLarge as exc:
        raise FeedParseError(
            url,
            f"the body is {exc.size:,} bytes once decoded to UTF-8, over the limit of "
            f"{MAX_DECODED_BYTES:,}",
        ) from exc
    except Exception as exc:  # feedparser promises not to raise; the corpus test checks it
        raise FeedParseError(url, f"the feed parser failed: {exc!r}") from exc

    entries = [entry for entry in result.get("entries") or [] if _has_substance(entry)]
    version = str(result.get("version") or "")
    bozo_exc = result.get("bozo_exception") if result.get("bozo") else None
    if not entries:
        if guard_note is not None:
            what = "entity bomb refused" if "expand" in guard_note else "unsafe DOCTYPE refused"
            raise FeedParseError(url, f"{what} ({guard_note}) and no entries left")
        if _looks_like_html(body, response_headers.get("content-type", "")) and not version:
            raise FeedParseError(url, "the server sent an HTML page, not a feed")
        if bozo_exc is not None and (not version or _is_xml_error(bozo_exc)):
            raise FeedParseError(url, f"malformed feed with no readable entries: {bozo_exc}")
        if not version:
            raise FeedParseError(url, "not a feed: no RSS, Atom or RDF root element")

    warnings = []
    if guard_note is not None:
        warnings.append(f"removed the DOCTYPE: {guard_note}")
    if bozo_exc is not None:
        warnings.append(f"{type(bozo_exc).__name__}: {bozo_exc}")
    feed = result.get("feed") or {}
    feed_language = _text_or_none(feed.get("language")) or _text_or_none(
        response_headers.get("content-language")
    )
    return ParsedFeed(
        title=_to_text(feed.get("title", ""), _detail_type(feed.get("title_detail"))),
        link=_text_or_none(feed.get("link")),
        ttl_s=_ttl_seconds(feed.get("ttl")),
        hub_links=tuple(
            str(link["href"])
            for link in feed.get("links", [])
            if link.get("rel") == "hub" and link.get("href")
        ),
        items=[_item(entry, feed_language, _feed_authors(feed)) for entry in entries],
        warning="; ".join(warnings) or None,
        version=version,
        language=feed_language,
    )


def _feed_authors(feed: Any) -> tuple[str, ...]:
    names = [
        _text_or_none(author.get("name")) or _text_or_none(author.get("email"))
        for author in feed.get("authors") or []
    ]
    return tuple(dict.fromkeys(name for name in names if name))


def _item(entry: Any, feed_language: str | None, feed_authors: tuple[str, ...]) -> ParsedItem:
    title = _to_text(entry.get("title", ""), _detail_type(entry.get("title_detail")))
    summary = _to_text(entry.get("summary", ""), _detail_type(entry.get("summary_detail")))
    blocks = [
        _to_text(block.get("value", ""), str(block.get("type", "text/html")))
        for block in entry.get("content") or []
    ]
    content = "\n\n".join(block for block in blocks if block) or summary
    published_at, published_raw, date_problem = None, None, None
    for key in ("published", "updated", "created"):
        raw = _text_or_none(_raw(entry, key))
        when, problem = _checked_when(_raw(entry, f"{key}_parsed"), raw)
        if published_raw is None and raw is not None:
            published_raw = raw
        if problem is not None:
            # Refused, not replaced by the next date: that would be a guess too.
            published_raw, date_problem = raw, problem
            break
        if when is not None:
            published_at, published_raw = when, raw
            break
    authors: list[str] = []
    for author in entry.get("authors") or []:
        name = _text_or_none(author.get("name")) or _text_or_none(author.get("email"))
        if name and name not in authors:
            authors.append(name)
    if not authors and _text_or_none(entry.get("author")):
        authors.append(str(entry["author"]).strip())
    language = None
    for key in ("title_detail", "summary_detail"):
        detail = entry.get(key)
        if detail and detail.get("language"):
            language = str(detail["language"])
            break
    return ParsedItem(
        guid=_text_or_none(entry.get("id")),
        link=_text_or_none(entry.get("link")),
        title=title,
        summary=summary,
        content=content,
        published_at=published_at,
        published_raw=published_raw,
        updated_at=_checked_when(
            _raw(entry, "updated_parsed"), _text_or_none(_raw(entry, "updated"))
        )[0],
        authors=tuple(authors) or feed_authors,
        language=language or feed_language,
        date_problem=date_problem,
    )


# --------------------------------------------------------------------------- values


def _raw(entry: Any, key: str) -> Any:
    # dict.get, not FeedParserDict.get: the latter maps a missing "updated" to
    # "published" with a DeprecationWarning (feedparser issue 310).
    return dict.get(entry, key)


def _has_substance(entry: Any) -> bool:
    return any(
        _text_or_none(dict.get(entry, key)) for key in ("id", "link", "title", "summary")
    ) or bool(dict.get(entry, "content"))


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _detail_type(detail: Any) -> str:
    if detail and detail.get("type"):
        return str(detail["type"])
    return "text/html"


def _ttl_seconds(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes * 60 if 0 < minutes <= 525_600 else None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RFC822_DAY = re.compile(
    r"(?<![\d:])(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{2,4})\b",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _checked_when(parsed: Any, raw: str | None) -> tuple[datetime | None, str | None]:
    """:func:`_when`, refusing what a parser would otherwise coerce.

    Returns ``(date, None)`` or ``(None, reason)``: a day the calendar does not have
    (``2020-02-30``; feedparser would roll it to 1 March), year 0 (which becomes 2000),
    or a date whose conversion to UTC leaves the calendar (``9999-12-31T23:00-01:00``).
    A date the strict reading cannot place is left to feedparser.
    """
    if raw is not None:
        problem = _impossible_day(raw)
        if problem is not None:
            return None, problem
    try:
        return _when(parsed, raw), None
    except OverflowError:
        return None, f"the date {raw!r} is outside the calendar once converted to UTC"


def _impossible_day(raw: str) -> str | None:
    """Why the day written in ``raw`` does not exist, or ``None``."""
    iso = _ISO_DAY.match(raw)
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    else:
        rfc = _RFC822_DAY.search(raw)
        if rfc is None:
            return None
        day, month = int(rfc.group(1)), _MONTHS.index(rfc.group(2).lower()[:3]) + 1
        written = rfc.group(3)
        if len(written) not in (2, 4):
            return f"the date {raw!r} has a {len(written)}-digit year"
        year = int(written) if len(written) == 4 else 2000  # any leap year will do
    if year < 1:
        return f"the date {raw!r} has year {year:04d}, which does not exist"
    if not 1 <= month <= 12:
        return f"the date {raw!r} has no month {month}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"the date {raw!r} names day {day} of a month that does not have it"
    return None


def _when(parsed: Any, raw: str | None) -> datetime | None:
    """An aware UTC datetime from feedparser's UTC struct_time, else from the raw string."""
    if parsed:
        try:
            year, month, day, hour, minute, second = (int(v) for v in parsed[:6])
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except (TypeError, ValueError, OverflowError):
            pass
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:
        return None  # a date without a zone is a guess: let the poller flag it
    return when.astimezone(UTC)


def _strict_xml_error(body: bytes) -> str | None:
    """Why expat rejects ``body`` as XML, or ``None`` (well-formed, or an unknown encoding)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return None  # an encoding expat lacks: let feedparser decide
        return str(exc)
    return None


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return True
    return content_type.split(";")[0].strip().lower() in {"text/html", "application/xhtml+xml"}


def _is_xml_error(exc: BaseException) -> bool:
    return type(exc).__name__ in {"SAXParseException", "SAXException"}


# --------------------------------------------------------------------------- HTML to text


_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer"),
        *("figure", "figcaption", "dd", "dt"),
    }
)
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "head"})
_LINE_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded, blocks on new lines."""
    if "<" not in html and "&" not in html:
        return _tidy(html)
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return _tidy("".join(extractor.parts))


def _squeeze(line: str) -> str:
    # The regex only when it has something to replace (a run, or a space other than " "):
    # on plain prose it would replace every single space by itself.
    if (
        "  " in line
        or "\t" in line
        or "\r" in line
        or "\f" in line
        or "\v" in line
        or "\u00a0" in line
    ):
        line = _LINE_SPACES.sub(" ", line)
    return line.strip()


def _tidy(text: str) -> str:
    lines = (_squeeze(line) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _to_text(value: Any, content_type: str) -> str:
    text = str(value or "")
    if "html" in content_type.lower():
        return html_to_text(text)
    return _tidy(text)


# --------------------------------------------------------------------------- entity guard


_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_WIDE_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_ENTITY_DECL = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s"'>%]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""",
    re.DOTALL,
)
_ENTITY_REF = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})


@dataclasses.dataclass(frozen=True, slots=True)
class _Prolog:
    doctype_start: int  # -1 when there is no DOCTYPE
    doctype_end: int
    first_element: int  # len(text) when no element was found
    internal_subset: str


def guard_prolog(
    body: bytes, *, max_expansion: int = MAX_ENTITY_EXPANSION
) -> tuple[bytes, str | None]:
    """Remove a dangerous DOCTYPE from the prolog of ``body``; leave everything else.

    Returns the (possibly) changed body and a note saying why the DOCTYPE was removed,
    or ``body`` itself and ``None``. The DOCTYPE is removed when it declares an external
    (``SYSTEM``/``PUBLIC``) or parameter entity, more than
    :data:`MAX_ENTITY_DECLARATIONS` entities, recursive entities, or entities whose
    expansion (Σ expanded length × references in the document, character references
    like ``&#38;`` counted as what they become) exceeds ``max_expansion`` characters.
    Only bytes before the first element are examined or removed, so text inside CDATA
    sections or comments of the document is never touched. UTF-16 and UTF-32 bodies
    are handled; other encodings are read as ASCII-compatible.
    """
    codec, bom = _wide_codec(body)
    if codec is None and b"<!ENTITY" not in body:
        return body, None  # fast path: no entity can be declared without the keyword
    if codec is None:
        text = body.decode("latin-1")
    else:
        text = body[len(bom) :].decode(codec, errors="replace")
    prolog = _scan_prolog(text)
    if prolog.doctype_start < 0:
        return body, None
    reason = _doctype_danger(prolog, text, max_expansion)
    if reason is None:
        return body, None
    if codec is None:
        guarded = body[: prolog.doctype_start] + body[prolog.doctype_end :]
    else:
        start = len(bom) + len(text[: prolog.doctype_start].encode(codec, errors="replace"))
        end = len(bom) + len(text[: prolog.doctype_end].encode(codec, errors="replace"))
        guarded = body[:start] + body[end:]
    return guarded, reason


def _wide_codec(body: bytes) -> tuple[str | None, bytes]:
    for bom, codec in _WIDE_BOMS:
        if body.startswith(bom):
            return codec, bom
    for prefix, codec in _WIDE_PREFIXES:
        if body.startswith(prefix):
            return codec, b""
    return None, b""


def _scan_prolog(text: str) -> _Prolog:
    """Find the DOCTYPE and the first element, skipping the XML declaration, PIs, comments."""
    i, n = 0, len(text)
    doctype_start, doctype_end, subset = -1, -1, ""
    while i < n:
        lt = text.find("<", i)
        if lt < 0:
            return _Prolog(doctype_start, doctype_end, n, subset)
        nxt = text[lt + 1 : lt + 2]
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            i = n if close < 0 else close + 3
        elif nxt == "?":
            close = text.find("?>", lt + 2)
            i = n if close < 0 else close + 2
        elif text[lt : lt + 9].upper() == "<!DOCTYPE" and doctype_start < 0:
            doctype_start = lt
            doctype_end, subset = _doctype_end(text, lt + 9)
            i = doctype_end
        elif nxt == "!" or _NAME_START.match(nxt):
            # The root element, or CDATA/another declaration before it: the prolog ends.
            return _Prolog(doctype_start, doctype_end, lt, subset)
        else:
            i = lt + 1
    return _Prolog(doctype_start, doctype_end, n, subset)


_SUBSET_TOKEN = re.compile(r"""<!--|["'\[\]>]""")


def _doctype_end(text: str, i: int) -> tuple[int, str]:
    """End (exclusive) of a DOCTYPE starting before ``i``, and its internal subset."""
    n = len(text)
    subset_start = -1
    while True:
        token = _SUBSET_TOKEN.search(text, i)
        if token is None:
            return n, text[subset_start:] if subset_start >= 0 else ""
        kind, i = token.group(), token.end()
        if kind in "\"'":
            close = text.find(kind, i)
            i = n if close < 0 else close + 1
        elif kind == "<!--":
            if subset_start >= 0:
                close = text.find("-->", i)
                i = n if close < 0 else close + 3
        elif kind == "[":
            if subset_start < 0:
                subset_start = i
        elif kind == "]":
            if subset_start >= 0:
                close = text.find(">", i)
                return (n if close < 0 else close + 1), text[subset_start : i - 1]
        elif subset_start < 0:  # ">" closing a DOCTYPE without an internal subset
            return i, ""


class _Unsafe(Exception):
    """An entity declaration the guard will not let through."""


#: Entities nested deeper than this are refused (and Python's recursion limit is safe).
MAX_ENTITY_DEPTH = 32


def _doctype_danger(prolog: _Prolog, text: str, limit: int) -> str | None:
    subset = prolog.internal_subset
    if "<!ENTITY" not in subset:
        return None
    if subset.count("<!ENTITY") > MAX_ENTITY_DECLARATIONS:
        return f"it declares more than {MAX_ENTITY_DECLARATIONS} entities"
    values: dict[str, str] = {}
    for match in _ENTITY_DECL.finditer(subset):
        parameter, name, double, single, external = match.groups()
        if parameter:
            return f"it declares the parameter entity %{name}"
        if external:
            return f"it declares the external entity {name}"
        values.setdefault(name, double if double is not None else single or "")
    sizes: dict[str, int] = {}
    try:
        for name in values:
            if _expanded_size(name, values, sizes, limit, ()) > limit:
                return f"the entity {name} would expand to more than {limit:,} characters"
    except _Unsafe as exc:
        return str(exc)
    total = 0
    for ref in _ENTITY_REF.finditer(text, prolog.first_element):
        total += sizes.get(ref.group(1), 0)
        if total > limit:
            return f"its entities would expand to more than {limit:,} characters in the document"
    return None


def _expanded_size(
    name: str, values: dict[str, str], sizes: dict[str, int], limit: int, stack: tuple[str, ...]
) -> int:
    """Characters ``&name;`` expands to, capped just above ``limit``.

    Raises:
        _Unsafe: the entity refers to itself or nests too deep.
    """
    if name in sizes:
        return sizes[name]
    if name in stack:
        raise _Unsafe(f"the entity {name} refers to itself")
    if len(stack) >= MAX_ENTITY_DEPTH:
        raise _Unsafe(f"its entities nest more than {MAX_ENTITY_DEPTH} deep")
    value = _CHAR_REF.sub(_char_ref_text, values[name])
    size = len(_ENTITY_REF.sub("", value))
    for ref in _ENTITY_REF.findall(value):
        if ref in _PREDEFINED or ref not in values:
            size += 1
            continue
        size += _expanded_size(ref, values, sizes, limit, (*stack, name))
        if size > limit:
            break
    sizes[name] = min(size, limit + 1)
    return sizes[name]


def _char_ref_text(match: re.Match[str]) -> str:
    ref = match.group(1)
    try:
        return chr(int(ref[1:], 16) if ref[0] == "x" else int(ref))
    except (ValueError, OverflowError):
        return "?"
