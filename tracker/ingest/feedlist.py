"""The feed list (``feeds/feeds.toml``) and OPML: load, validate, edit, import, export.

Owns the file format of the feed list and every check on its entries; a bad entry
raises :class:`~tracker.errors.FeedConfigError` naming the file, the entry and the key.
Must not fetch, touch the store or print: the CLI (``tracker feeds ...``) and the poller
use this module.

The file is a TOML array of tables, one ``[[feeds]]`` per feed::

    [[feeds]]
    name = "caucasus-wire"                 # unique; lower-case letters, digits, . _ -
    url = "file:samples/caucasus-wire.rss" # http(s)://..., file:///abs or file:relative
    interval_s = 900                       # poll interval, seconds (60 .. 604800)
    tags = ["sample", "wire"]
    conflict = "my-conflict"               # a conflict pack (feeds/conflicts/<name>/); default: the one installed
    tz = "+04:00"                          # the zone items are read in; default: the pack's
    # optional per-feed limits
    max_body_bytes = 2_000_000
    timeout_s = 20
    full_article = false                   # also fetch the linked page (trafilatura)
    enabled = true

A relative ``file:`` URL is relative to the directory of the feed list; the loader
stores the absolute ``file:///`` form in :attr:`FeedConfig.fetch_url`, which is what the
poller passes to :meth:`tracker.ingest.fetch.Fetcher.fetch`. :meth:`FeedList.add` and
:meth:`FeedList.remove` edit the file's text in place, so comments and the layout of the
other entries survive a save.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from tracker.conflict import default_pack, get, installed
from tracker.errors import FeedConfigError
from tracker.ingest.fetch import FetchLimits
from tracker.ingest.identity import url_alias

DEFAULT_INTERVAL_S = 1800.0
MIN_INTERVAL_S = 60.0
MAX_INTERVAL_S = 7 * 24 * 3600.0
MAX_BODY_BYTES_LIMIT = 100 * 1024 * 1024
MAX_TIMEOUT_S = 600.0
MAX_OPML_BYTES = 10 * 1024 * 1024
DEFAULT_OPML_DEPTH = 10

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*feeds[ \t]*\]\][ \t]*(#.*)?$")
_ANY_TABLE_RE = re.compile(r"^[ \t]*\[")
_ZONE = re.compile(r"^[+-](?:0\d|1[0-4]):[0-5]\d$")
_KEYS = (
    "name",
    "url",
    "interval_s",
    "tags",
    "conflict",
    "tz",
    "max_body_bytes",
    "timeout_s",
    "full_article",
    "enabled",
)


@dataclasses.dataclass(frozen=True, slots=True)
class FeedConfig:
    """One entry of the feed list.

    ``url`` is as written in the file; ``fetch_url`` is what to fetch (relative
    ``file:`` URLs made absolute against the feed list's directory; otherwise ``url``).
    ``max_body_bytes`` and ``timeout_s`` override the global limits for this feed
    (:meth:`fetch_limits`); ``full_article`` asks the poller to fetch each item's page.
    ``conflict`` names the conflict pack the feed covers (None: the default pack) and
    ``tz`` the UTC offset its items' times are read in (None: the pack's zone); both
    travel with every item (:meth:`item_context`).
    """

    name: str
    url: str
    interval_s: float = DEFAULT_INTERVAL_S
    tags: tuple[str, ...] = ()
    conflict: str | None = None
    tz: str | None = None
    max_body_bytes: int | None = None
    timeout_s: float | None = None
    full_article: bool = False
    enabled: bool = True
    fetch_url: str = ""

    def __post_init__(self) -> None:
        if not self.fetch_url:
            object.__setattr__(self, "fetch_url", self.url)

    def item_context(self) -> tuple[str, str]:
        """The conflict pack's name and the zone every item of this feed is read in."""
        pack = get(self.conflict) if self.conflict else default_pack()
        return pack.name, self.tz or pack.zone

    def fetch_limits(self, base: FetchLimits) -> FetchLimits:
        """``base`` with this feed's ``max_body_bytes`` and ``timeout_s`` applied."""
        changes: dict[str, Any] = {}
        if self.max_body_bytes is not None:
            changes["max_body_bytes"] = self.max_body_bytes
        if self.timeout_s is not None:
            changes["total_timeout_s"] = self.timeout_s
            changes["read_timeout_s"] = min(base.read_timeout_s, self.timeout_s)
            changes["connect_timeout_s"] = min(base.connect_timeout_s, self.timeout_s)
        return dataclasses.replace(base, **changes) if changes else base

    def to_toml(self) -> str:
        """This entry as a ``[[feeds]]`` block (keys at their defaults are left out)."""
        lines = ["[[feeds]]", f"name = {_toml_str(self.name)}", f"url = {_toml_str(self.url)}"]
        lines.append(f"interval_s = {_toml_number(self.interval_s)}")
        if self.tags:
            lines.append("tags = [" + ", ".join(_toml_str(tag) for tag in self.tags) + "]")
        if self.conflict is not None:
            lines.append(f"conflict = {_toml_str(self.conflict)}")
        if self.tz is not None:
            lines.append(f"tz = {_toml_str(self.tz)}")
        if self.max_body_bytes is not None:
            lines.append(f"max_body_bytes = {self.max_body_bytes}")
        if self.timeout_s is not None:
            lines.append(f"timeout_s = {_toml_number(self.timeout_s)}")
        if self.full_article:
            lines.append("full_article = true")
        if not self.enabled:
            lines.append("enabled = false")
        return "\n".join(lines) + "\n"


@dataclasses.dataclass(slots=True)
class FeedList:
    """A loaded feed list: its entries, its file and the file's text (for editing)."""

    path: Path
    feeds: list[FeedConfig]
    text: str = ""

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FeedList:
        """Read and validate a feed list file. A missing file is an empty list.

        Raises:
            FeedConfigError: unreadable file, invalid TOML, or a bad entry (named).
        """
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(file, [], "")
        except (OSError, UnicodeDecodeError) as exc:
            raise FeedConfigError(f"cannot read the feed list {file}: {exc}") from exc
        return cls(file, parse_feed_list(text, source=str(file), base_dir=file.parent), text)

    def find(self, name: str) -> FeedConfig | None:
        """The feed called ``name``, or ``None``."""
        return next((feed for feed in self.feeds if feed.name == name), None)

    def get(self, name: str) -> FeedConfig:
        """The feed called ``name``.

        Raises:
            FeedConfigError: no feed has that name.
        """
        feed = self.find(name)
        if feed is None:
            known = ", ".join(f.name for f in self.feeds) or "none"
            raise FeedConfigError(f"no feed named {name!r} in {self.path} (feeds: {known})")
        return feed

    def add(self, feed: FeedConfig) -> FeedConfig:
        """Validate ``feed`` and append it (in memory; call :meth:`save`).

        Returns the stored entry (with ``fetch_url`` resolved).

        Raises:
            FeedConfigError: a bad value, or the name or URL is already in the list.
        """
        stored = validate_feed(
            _as_mapping(feed),
            source=str(self.path),
            index=len(self.feeds) + 1,
            base_dir=self.path.parent,
        )
        _check_unique([*self.feeds, stored], source=str(self.path))
        separator = (
            ""
            if not self.text or self.text.endswith("\n\n")
            else ("\n" if self.text.endswith("\n") else "\n\n")
        )
        self.text = self.text + separator + stored.to_toml()
        self.feeds.append(stored)
        return stored

    def add_many(self, feeds: Sequence[FeedConfig]) -> list[FeedConfig]:
        """:meth:`add` for many feeds at once, in time linear in their number (OPML imports).

        Raises:
            FeedConfigError: a bad value, or a name or URL already in the list; nothing
                is added then.
        """
        stored = [
            validate_feed(
                _as_mapping(feed),
                source=str(self.path),
                index=len(self.feeds) + i,
                base_dir=self.path.parent,
            )
            for i, feed in enumerate(feeds, start=1)
        ]
        if not stored:
            return []
        _check_unique([*self.feeds, *stored], source=str(self.path))
        separator = (
            ""
            if not self.text or self.text.endswith("\n\n")
            else ("\n" if self.text.endswith("\n") else "\n\n")
        )
        self.text = self.text + separator + "\n".join(feed.to_toml() for feed in stored)
        self.feeds.extend(stored)
        return stored

    def remove(self, name: str) -> FeedConfig:
        """Remove the feed called ``name`` (in memory; call :meth:`save`).

        Raises:
            FeedConfigError: no feed has that name.
        """
        feed = self.get(name)
        index = self.feeds.index(feed)
        self.feeds.pop(index)
        self.text = _remove_block(self.text, index) if self.text else ""
        return feed

    def render(self) -> str:
        """The file's new text: the edited original, or a fresh rendering if that fails."""
        if self.text:
            try:
                again = parse_feed_list(self.text, source=str(self.path), base_dir=self.path.parent)
            except FeedConfigError:
                again = []
            if again == self.feeds:
                return self.text
        header = "# tracker feed list: one [[feeds]] table per feed (see feeds/README.md)\n\n"
        return header + "\n".join(feed.to_toml() for feed in self.feeds)

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Write the list atomically (temporary file, then rename) to ``path`` or its own file.

        Raises:
            FeedConfigError: the file cannot be written.
        """
        target = Path(path) if path is not None else self.path
        text = self.render()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise FeedConfigError(f"cannot write the feed list {target}: {exc}") from exc
        self.text = text


def load_feed_list(path: str | os.PathLike[str]) -> FeedList:
    """Shorthand for :meth:`FeedList.load`.

    Raises:
        FeedConfigError: see :meth:`FeedList.load`.
    """
    return FeedList.load(path)


def parse_feed_list(
    text: str, *, source: str = "feeds.toml", base_dir: Path | None = None
) -> list[FeedConfig]:
    """Validate the text of a feed list; ``source`` names it in errors.

    Raises:
        FeedConfigError: invalid TOML, an unknown top-level key, or a bad entry.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedConfigError(f"{source}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"feeds"})
    if unknown:
        raise FeedConfigError(
            f"{source}: unknown top-level key {unknown[0]!r}; feeds are listed as [[feeds]] tables"
        )
    entries = data.get("feeds", [])
    if not isinstance(entries, list):
        raise FeedConfigError(f"{source}: 'feeds' must be an array of [[feeds]] tables")
    feeds = [
        validate_feed(entry, source=source, index=i, base_dir=base_dir)
        for i, entry in enumerate(entries, start=1)
    ]
    _check_unique(feeds, source=source)
    return feeds


def validate_feed(
    entry: Any, *, source: str = "feeds.toml", index: int = 1, base_dir: Path | None = None
) -> FeedConfig:
    """One checked :class:`FeedConfig` from a mapping of the file's keys.

    Raises:
        FeedConfigError: naming ``source``, the entry's position and name, and the key.
    """
    if not isinstance(entry, Mapping):
        raise FeedConfigError(f"{source}: feed {index}: expected a table, got {entry!r}")
    raw_name = entry.get("name")
    label = f"feed {index}" + (f" ({raw_name!r})" if isinstance(raw_name, str) else "")

    def bad(key: str, problem: str) -> FeedConfigError:
        return FeedConfigError(f"{source}: {label}: {key}: {problem}")

    unknown = sorted(set(entry) - set(_KEYS))
    if unknown:
        raise bad(unknown[0], f"unknown key (known keys: {', '.join(_KEYS)})")
    if not isinstance(raw_name, str) or not _NAME_RE.match(raw_name):
        raise bad(
            "name",
            "required; 1-64 lower-case letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit (got {raw_name!r})",
        )
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise bad("url", "required, a non-empty string")
    url = url.strip()
    fetch_url = _check_url(url, base_dir, bad)
    interval = _number(entry, "interval_s", DEFAULT_INTERVAL_S, bad)
    if not MIN_INTERVAL_S <= interval <= MAX_INTERVAL_S:
        raise bad(
            "interval_s",
            f"must be between {MIN_INTERVAL_S:g} and {MAX_INTERVAL_S:g} seconds, got {interval:g}",
        )
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise bad("tags", f"must be a list of non-empty strings, got {tags!r}")
    conflict = entry.get("conflict")
    if conflict is not None and (not isinstance(conflict, str) or not conflict.strip()):
        raise bad("conflict", f"must be a non-empty string, got {conflict!r}")
    if isinstance(conflict, str) and conflict.strip() not in installed():
        known = ", ".join(installed()) or "none"
        raise bad("conflict", f"no conflict pack {conflict.strip()!r}; packs found: {known}")
    tz = entry.get("tz")
    if tz is not None and (not isinstance(tz, str) or not _ZONE.match(tz)):
        raise bad("tz", f"must be a UTC offset such as +04:00 or -03:30, got {tz!r}")
    max_body = entry.get("max_body_bytes")
    if max_body is not None and (
        isinstance(max_body, bool)
        or not isinstance(max_body, int)
        or not 1 <= max_body <= MAX_BODY_BYTES_LIMIT
    ):
        raise bad(
            "max_body_bytes",
            f"must be a whole number from 1 to {MAX_BODY_BYTES_LIMIT}, got {max_body!r}",
        )
    timeout = entry.get("timeout_s")
    if timeout is not None:
        timeout = _number(entry, "timeout_s", 0.0, bad)
        if not 0 < timeout <= MAX_TIMEOUT_S:
            raise bad(
                "timeout_s",
                f"must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds, got {timeout:g}",
            )
    flags = {}
    for key, default in (("full_article", False), ("enabled", True)):
        value = entry.get(key, default)
        if not isinstance(value, bool):
            raise bad(key, f"must be true or false, got {value!r}")
        flags[key] = value
    return FeedConfig(
        name=raw_name,
        url=url,
        interval_s=interval,
        tags=tuple(t.strip() for t in tags),
        conflict=conflict.strip() if isinstance(conflict, str) else None,
        tz=tz,
        max_body_bytes=max_body,
        timeout_s=timeout,
        full_article=flags["full_article"],
        enabled=flags["enabled"],
        fetch_url=fetch_url,
    )


def _number(entry: Mapping[str, Any], key: str, default: float, bad: Any) -> float:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(key, f"must be a number, got {value!r}")
    return float(value)


def _check_url(url: str, base_dir: Path | None, bad: Any) -> str:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise bad("url", f"not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise bad("url", f"no host in {url!r}")
        try:
            _ = parts.port
        except ValueError as exc:
            raise bad("url", f"bad port in {url!r}") from exc
        return url
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise bad("url", f"file URLs must be local, got {url!r}")
        if url.lower().startswith("file://"):
            return url
        relative = url[len("file:") :]
        if not relative:
            raise bad("url", "a file: URL needs a path")
        path = Path(relative)
        if not path.is_absolute():
            path = (base_dir or Path.cwd()) / path
        return path.resolve().as_uri()
    raise bad("url", f"only http, https and file URLs are supported, got {url!r}")


def _check_unique(feeds: list[FeedConfig], *, source: str) -> None:
    names: dict[str, int] = {}
    urls: dict[str, str] = {}
    for i, feed in enumerate(feeds, start=1):
        if feed.name in names:
            raise FeedConfigError(
                f"{source}: feed {i} ({feed.name!r}): name: already used by feed {names[feed.name]}"
            )
        names[feed.name] = i
        key = url_alias(feed.fetch_url)
        if key in urls:
            raise FeedConfigError(
                f"{source}: feed {i} ({feed.name!r}): url: the same feed as {urls[key]!r} ({feed.url})"
            )
        urls[key] = feed.name


def _as_mapping(feed: FeedConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": feed.name,
        "url": feed.url,
        "interval_s": feed.interval_s,
        "tags": list(feed.tags),
        "full_article": feed.full_article,
        "enabled": feed.enabled,
    }
    for key in ("conflict", "tz", "max_body_bytes", "timeout_s"):
        value = getattr(feed, key)
        if value is not None:
            data[key] = value
    return data


def _remove_block(text: str, index: int) -> str:
    """Remove the ``index``-th ``[[feeds]]`` block (0-based) and the comments just above it."""
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _HEADER_RE.match(line.rstrip("\r\n"))]
    if index >= len(headers):
        return ""  # not written as [[feeds]] blocks: render() rewrites the file
    start = headers[index]
    end = next(
        (i for i in range(start + 1, len(lines)) if _ANY_TABLE_RE.match(lines[i])), len(lines)
    )
    if end < len(lines):  # comment lines right above the next table belong to it
        while end - 1 > start and lines[end - 1].lstrip().startswith("#"):
            end -= 1
    above = start
    while above > 0 and lines[above - 1].lstrip().startswith("#"):
        above -= 1
    if above > 0:  # comments reaching the top of the file are the file's header: keep them
        start = above
    return "".join(lines[:start] + lines[end:])


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _toml_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --------------------------------------------------------------------------- OPML


@dataclasses.dataclass(frozen=True, slots=True)
class OpmlImport:
    """What an OPML file yields: new feeds, and what was left out and why."""

    feeds: list[FeedConfig]
    duplicates: list[str]  # URLs already in the list or repeated in the file
    skipped: list[str]  # "<url or title>: <reason>"


def import_opml(
    data: bytes,
    *,
    existing: Iterable[FeedConfig] = (),
    max_depth: int = DEFAULT_OPML_DEPTH,
    interval_s: float = DEFAULT_INTERVAL_S,
    conflict: str | None = None,
    source: str = "OPML file",
) -> OpmlImport:
    """Feeds from an OPML subscription list, deduplicated by canonical URL.

    Parsed with defusedxml (entity declarations and external references refused).
    Every ``<outline xmlUrl=...>`` becomes a feed named after its title (made unique),
    tagged with the titles of the folders it sits in and its ``category`` attribute.
    Only http and https URLs are imported; others are listed in ``skipped``.

    Raises:
        FeedConfigError: not XML, not OPML, too large, nested deeper than ``max_depth``,
            or it declares entities.
    """
    if len(data) > MAX_OPML_BYTES:
        raise FeedConfigError(f"{source}: larger than {MAX_OPML_BYTES:,} bytes")
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise FeedConfigError(
            f"{source}: refused, it declares XML entities or a DTD ({exc})"
        ) from exc
    except ET.ParseError as exc:
        raise FeedConfigError(f"{source}: not valid XML: {exc}") from exc
    if _local(root.tag) != "opml":
        raise FeedConfigError(f"{source}: not OPML (root element <{_local(root.tag)}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise FeedConfigError(f"{source}: OPML without a <body>")
    existing_list = list(existing)
    seen = {url_alias(feed.fetch_url) for feed in existing_list}
    names = {feed.name for feed in existing_list}
    feeds: list[FeedConfig] = []
    duplicates: list[str] = []
    skipped: list[str] = []
    stack: list[tuple[Any, int, tuple[str, ...]]] = [
        (child, 1, ()) for child in reversed(list(body))
    ]
    while stack:
        element, depth, folders = stack.pop()
        if _local(element.tag) != "outline":
            continue
        if depth > max_depth:
            raise FeedConfigError(f"{source}: outlines nested deeper than {max_depth} levels")
        title = (element.get("title") or element.get("text") or "").strip()
        url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
        if url:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                skipped.append(f"{url}: only http and https feeds are imported")
            elif url_alias(url) in seen:
                duplicates.append(url)
            else:
                categories = tuple(
                    c.strip().strip("/")
                    for c in (element.get("category") or "").split(",")
                    if c.strip().strip("/")
                )
                tags = tuple(dict.fromkeys((*folders, *categories)))
                name = _unique_name(_slug(title or urlsplit(url).hostname or "feed"), names)
                try:
                    feed = validate_feed(
                        {
                            "name": name,
                            "url": url,
                            "interval_s": interval_s,
                            "tags": list(tags),
                            **({"conflict": conflict} if conflict else {}),
                        },
                        source=source,
                        index=len(existing_list) + len(feeds) + 1,
                    )
                except FeedConfigError as exc:
                    skipped.append(f"{url}: {exc}")
                else:
                    seen.add(url_alias(url))
                    names.add(name)
                    feeds.append(feed)
        children = list(element)
        if children:
            inner = (*folders, title) if title and not url else folders
            stack.extend((child, depth + 1, inner) for child in reversed(children))
    return OpmlImport(feeds, duplicates, skipped)


def export_opml(feeds: Iterable[FeedConfig], *, title: str = "tracker feeds") -> bytes:
    """An OPML 2.0 document listing ``feeds`` (``category`` carries the tags)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.tags:
            attrs["category"] = ",".join(feed.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _local(tag: Any) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1].lower()


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (slug or "feed")[:56].rstrip("-") or "feed"


def _unique_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
