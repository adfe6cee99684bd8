"""Metadata: a document's title, publisher, url and published date, read from a sidecar, Markdown
front matter or the page's own metadata, and checked (SPEC §2).

Metadata is untrusted input like the text: YAML goes through a safe loader that refuses alias
bombs and deep nesting (a 317-byte sidecar of nested aliases once made a 312 MB title), JSON
through a depth check; a title is text of at most 1,000 characters; `published` is a real date
between 1800 and 2100. A bad value is a `MetadataError` naming the field, the document's error row.
For HTML, `published` comes from the page's meta tags and JSON-LD only, never guessed from its text.
"""
from __future__ import annotations

import datetime
import json
import re

import yaml

FIELDS = ("title", "publisher", "url", "published")
MAX_TEXT = {"title": 1000, "publisher": 1000, "url": 2000}
YEARS = (1800, 2100)
MAX_DEPTH = 20
MAX_ALIASES = 16


class MetadataError(ValueError):
    """Metadata that cannot be used; the message is the document's one-line error."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with a budget: few aliases, shallow nesting, and dates left as text
    (checked below like every other source's)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise MetadataError(f"YAML with more than {MAX_ALIASES} aliases (an alias bomb?): not read")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise MetadataError(f"YAML nested more than {MAX_DEPTH} levels deep: not read")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(text: str, where: str) -> dict:
    try:
        loaded = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except MetadataError as exc:
        raise MetadataError(f"{where}: {exc}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise MetadataError(f"unreadable YAML in {where}: {_first_line(exc)}") from None
    return _mapping(loaded, where)


def load_json(text: str, where: str) -> dict:
    try:
        loaded = json.loads(text)
    except RecursionError:
        raise MetadataError(f"{where}: JSON nested too deeply: not read") from None
    except ValueError as exc:
        raise MetadataError(f"unreadable JSON in {where}: {_first_line(exc)}") from None
    if _depth(loaded) > MAX_DEPTH:
        raise MetadataError(f"{where}: JSON nested more than {MAX_DEPTH} levels deep: not read")
    return _mapping(loaded, where)


def _mapping(loaded, where: str) -> dict:
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise MetadataError(f"{where} is not a mapping of fields")
    return {k: loaded[k] for k in FIELDS if loaded.get(k) is not None}


def _depth(value) -> int:
    """Nesting depth of a loaded JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def checked(meta: dict, where: dict[str, str]) -> dict:
    """`meta` with every field checked and normalised (text stripped, `published` as YYYY-MM-DD or
    YYYY-MM); `where[field]` names the source in the error ("sidecar a.meta.yml")."""
    out = {}
    for name in FIELDS:
        value = meta.get(name)
        if value is None or value == "":
            continue
        source = where.get(name, "metadata")
        out[name] = published_date(value, source) if name == "published" else _text(name, value, source)
    return out


def _text(name: str, value, source: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MetadataError(f"metadata field '{name}' in {source} must be text, not {type(value).__name__}")
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT[name]:
        raise MetadataError(f"metadata field '{name}' in {source} is {len(text):,} characters long; "
                            f"the limit is {MAX_TEXT[name]:,}")
    return text


_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?")


def published_date(value, source: str = "metadata") -> str:
    """An ISO date (YYYY-MM-DD) or year-month (YYYY-MM), real and between 1800 and 2100; else
    `MetadataError` naming the field."""
    text = str(value).strip() if isinstance(value, (str, int, datetime.date)) and not isinstance(value, bool) else None
    match = _ISO.fullmatch(text or "")
    if match is None:
        shown = text if text is not None else type(value).__name__
        raise MetadataError(f"metadata field 'published' in {source}: {shown[:40]!r} is not a date "
                            "(write YYYY-MM-DD or YYYY-MM)")
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        datetime.date(year, month, day)
    except ValueError as exc:
        raise MetadataError(f"metadata field 'published' in {source}: {text[:40]!r} is not a real date ({exc})") from None
    if not YEARS[0] <= year <= YEARS[1]:
        raise MetadataError(f"metadata field 'published' in {source}: {text[:40]!r} is not between "
                            f"{YEARS[0]} and {YEARS[1]}")
    return f"{year:04}-{month:02}-{day:02}" if match.group(3) else f"{year:04}-{month:02}"


# ---------------------------------------------------------------- HTML: the page's own metadata
PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                  "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "citation_publication_date",
                  "citation_date", "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
                  "parsely-pub-date", "sailthru.date", "date")
"""Meta tag names and properties that state a page's publication date, in the order trusted."""


def html_published(tree) -> str | None:
    """The publication date a page states about itself (meta tags, JSON-LD `datePublished`,
    `<time pubdate>`), as text; None when it states none. `tree`: an lxml HTML element."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in PUBLISHED_META and meta.get("content") and key not in found:
            found[key] = meta.get("content").strip()
    for key in PUBLISHED_META:
        if key in found and _ISO.match(found[key]):
            return found[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            value = _json_ld_published(script.text)
            if value:
                return value
    for time in tree.iter("time"):
        if time.get("pubdate") is not None and time.get("datetime") and _ISO.match(time.get("datetime").strip()):
            return time.get("datetime").strip()
    return None


def _json_ld_published(text: str) -> str | None:
    try:
        data = json.loads(text[:1_000_000])
    except (ValueError, RecursionError):
        return None
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and _ISO.match(value.strip()):
                return value.strip()
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return None
