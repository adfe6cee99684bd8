"""Ingest: a corpus file in, an `IngestedDocument` (text + metadata, or an error) out.

Formats (SPEC §2): .txt, .md (YAML front matter), .html/.htm (main text through
trafilatura), .pdf (pypdf). Every failure becomes a one-line `error` naming the reason,
never an exception, so one bad file cannot stop the rest of the corpus.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from pathlib import Path

import yaml

from .pdftext import is_multi_column, layout_pages_to_text
from .records import IngestedDocument, SourceFile
from .settings import DEFAULT

SUPPORTED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                      ".html": "html", ".htm": "html", ".pdf": "pdf"}
SIDECAR_SUFFIXES = (".meta.json", ".meta.yml", ".meta.yaml")
METADATA_KEYS = ("title", "publisher", "url", "published")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_PUBLISHED = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def discover(corpus: Path) -> list[SourceFile]:
    """Every candidate document under `corpus` (sub-folders too), sorted by path.

    Hidden files and metadata sidecars are not documents; unsupported extensions are
    kept so that they get an error row saying so.
    """
    relative, sidecars = [], set()
    for folder, subfolders, files in os.walk(corpus):  # strings, not Path objects: 10,000 files in 0.2 s, not 1.7
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        prefix = os.path.relpath(folder, corpus)
        for name in files:
            rel = name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/")
            if name.endswith(SIDECAR_SUFFIXES):
                sidecars.add(rel)
            elif not name.startswith("."):
                relative.append(rel)
    found = []
    for rel in sorted(relative):
        full = os.path.join(corpus, rel)
        if not os.path.isfile(full):
            continue
        with open(full, "rb") as handle:
            data = handle.read()
        digest = hashlib.sha256(data)
        sidecar = next((s for s in _sidecar_names(rel) if s in sidecars), None)
        if sidecar is not None:  # its metadata decides the document's rows too: a changed sidecar is a changed file
            with open(os.path.join(corpus, sidecar), "rb") as handle:
                digest.update(b"\0sidecar\0" + handle.read())
        found.append(SourceFile(rel, digest.hexdigest(), len(data)))
    return found


def _sidecar_names(rel: str) -> list[str]:
    """The sidecars `_read_sidecar` would read for a document, in the order it tries them."""
    stem, _ = os.path.splitext(rel)
    return [base + suffix for base in (stem, rel) for suffix in SIDECAR_SUFFIXES]


def read_document(corpus: Path, source: SourceFile, max_bytes: int = DEFAULT.max_bytes) -> IngestedDocument:
    """Read one file into text and metadata; failures are returned, not raised."""
    path = corpus / source.path
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())

    def failed(reason: str) -> IngestedDocument:
        return IngestedDocument(path=source.path, sha256=source.sha256, format=kind, error=reason)

    if kind is None:
        return failed(f"unsupported file type {path.suffix or '(none)'!r}; expected one of "
                      + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    if source.size == 0:
        return failed("empty file")
    if source.size > max_bytes:
        return failed(f"file too large: {source.size:,} bytes, limit {max_bytes:,}")
    data = path.read_bytes()
    try:
        if kind == "pdf":
            (text, meta), encoding = _read_pdf(data), None
        else:
            raw, encoding = decode_bytes(data)
            if kind == "markdown":
                text, meta = _read_markdown(raw)
            elif kind == "html":
                text, meta = _read_html(raw)
            else:
                text, meta = normalise_newlines(raw), {}
    except DocumentError as exc:
        return failed(str(exc))
    if not text.strip():
        return failed("no text: the file holds only whitespace or markup")
    try:
        meta = {**meta, **_read_sidecar(path)}
    except DocumentError as exc:
        return failed(str(exc))
    title = meta.get("title") or heading_title(text) or path.name
    return IngestedDocument(
        path=source.path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        title=str(title) if title else None,
        publisher=_str_or_none(meta.get("publisher")),
        url=_str_or_none(meta.get("url")),
        published=_published(meta.get("published")),
        format=kind,
        encoding=encoding,
    )


class DocumentError(ValueError):
    """A reason a file cannot be a document; its message is the one-line error."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: BOMs first, then UTF-8, UTF-16, cp1252.

    Text that only decodes into control characters is binary, not text.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"undecodable bytes after a {encoding} byte-order mark at byte {exc.start}") from None
    if b"\x00" in data:
        utf16 = _guess_utf16_without_bom(data)
        if utf16:
            return _checked(data.decode(utf16), utf16)
        raise DocumentError("binary file: it contains NUL bytes and is not UTF-16 text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return _checked(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("undecodable bytes: not UTF-8, UTF-16 or cp1252/latin-1 text")


def _guess_utf16_without_bom(data: bytes) -> str | None:
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * max(len(even), 1):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * max(len(odd), 1):
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    controls = len(_CONTROL_CHARS.findall(text))
    if controls and controls > 0.001 * len(text):
        raise DocumentError(f"binary or undecodable content: {controls} control characters when read as {encoding}")
    return text, encoding


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF and nothing else changes (SPEC §2, offsets stay user-visible)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


TITLE_MAX_CHARS = 120
"""A longer line is a paragraph, not a title (SPEC §2 as issue #18 refined it)."""
_TITLE_SCAN_LINES = 12  # a title comes before the body; past this many lines a heading is a section's
_PAGE_CLUTTER = re.compile(
    r"(skip to (the )?(main )?(content|navigation)|(main )?menu|home( page)?|search( this site)?|share( this)?"
    r"( article| page| story| post)?( on \w+)?|print( this page)?|(sign|log) ?(in|out)|register|subscribe( now| today)?"
    r"|long read|press release|news (story|release|article)|blog post|case study|opinion piece"  # kickers
    r"|accept( all)?( cookies)?|(we use )?cookies?( settings| policy)?|back to top|close|next|previous|advertisement"
    r"|(published|updated|last updated|posted)( on)?:? [\w ,]*\d{4}|by [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}"
    r"|\d{1,2} \w+ \d{4}|\w+ \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2}"
    r"|.*\b(this (web)?site|cookies?|javascript|your browser)\b.*)",  # a notice about the site, not the article
    re.I)
"""Lines a saved web page carries before its title: navigation, sharing, cookies, bylines, datelines."""
_BREADCRUMB = re.compile(r"\s+[-|>/»·–]\s+")
_TWO_SENTENCES = re.compile(r"[.!?]\s+[A-Z]")


def _page_clutter(line: str) -> bool:
    """Navigation, sharing, notices, bylines, datelines; a breadcrumb ("News - Health") or a banner of
    two sentences on one line."""
    parts = _BREADCRUMB.split(line)
    return bool(_PAGE_CLUTTER.fullmatch(line) or _TWO_SENTENCES.search(line) or line[0] in "-*•·–—>|«‹←<"
                or (len(parts) > 1 and all(len(part.split()) <= 2 for part in parts)))


def heading_title(text: str) -> str | None:
    """The first heading-like line at the top of `text`: at most TITLE_MAX_CHARS characters, two
    words or more, not ending like a sentence or a lead-in ('.', ':', ';', ','), not page clutter.

    Scanning stops at the first paragraph (a longer line): a heading after body text titles a
    section, not the document. None when nothing qualifies; the caller then names the file.
    """
    lines = (line.strip().lstrip("#").strip() for line in text.split("\n", 4 * _TITLE_SCAN_LINES)[:4 * _TITLE_SCAN_LINES])
    for seen, line in enumerate(filter(None, lines)):
        if seen >= _TITLE_SCAN_LINES or len(line) > TITLE_MAX_CHARS:
            return None
        if _page_clutter(line) or line.endswith((".", ":", ";", ",")) or len(re.findall(r"[^\W\d_]+", line)) < 2:
            continue
        return " ".join(line.split())
    return None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")


def _read_markdown(raw: str) -> tuple[str, dict]:
    """Markdown body as plain text (headings, emphasis and link syntax dropped), front matter as metadata."""
    raw = normalise_newlines(raw)
    meta: dict = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise DocumentError(f"unreadable YAML front matter: {str(exc).splitlines()[0]}") from None
        if isinstance(loaded, dict):
            meta = {k: loaded[k] for k in METADATA_KEYS if k in loaded}
        raw = raw[match.end():]
    text = _MD_IMAGE.sub(r"\1", raw)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    return unwrap_paragraphs(text.strip("\n")), meta


_LIST_ITEM = re.compile(r"^\s*([-*+•–]|\d+[.)])\s+")


def unwrap_paragraphs(text: str) -> str:
    """Join hard-wrapped lines of a paragraph, keeping list items and blank lines apart.

    Used for Markdown and PDF, whose line breaks are layout, not sentence ends.
    """
    out_lines: list[str] = []
    for line in text.split("\n"):
        if (out_lines and line.strip() and out_lines[-1].strip()
                and not _LIST_ITEM.match(line)
                and not out_lines[-1].rstrip().endswith((".", "?", "!", ":"))
                and len(out_lines[-1]) > 40):
            out_lines[-1] = out_lines[-1].rstrip() + " " + line.strip()
        else:
            out_lines.append(line.rstrip())
    return "\n".join(out_lines)


def _read_html(raw: str) -> tuple[str, dict]:
    """Main text of a saved page: navigation, cookie banners and footers dropped by trafilatura."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False)
    if not text:
        raise DocumentError("no main text found in the HTML page")
    meta: dict = {}
    info = trafilatura.extract_metadata(raw)
    if info is not None:
        meta = {"title": info.title, "publisher": info.sitename, "url": info.url, "published": info.date}
        meta = {k: v for k, v in meta.items() if v}
    return normalise_newlines(text), meta


def _read_pdf(data: bytes) -> tuple[str, dict]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        layouts = [normalise_newlines(page.extract_text(extraction_mode="layout") or "") for page in reader.pages]
        if is_multi_column([layout.split("\n") for layout in layouts]):  # columns side by side: plain order
            pages = [page.extract_text() or "" for page in reader.pages]
            text = unwrap_paragraphs(normalise_newlines("\n\n".join(p.strip() for p in pages)).strip())
        else:
            text = layout_pages_to_text(layouts)
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise DocumentError(f"corrupt or truncated PDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if not text.strip():
        raise DocumentError("PDF has no extractable text (a scanned image?)")
    meta = {"title": info.get("/Title")} if info.get("/Title") else {}
    return text, meta


def _read_sidecar(path: Path) -> dict:
    """Metadata from NAME.meta.json / NAME.meta.yml beside NAME.ext (or NAME.ext.meta.json)."""
    for base in (path.with_suffix(""), path):
        for suffix in SIDECAR_SUFFIXES:
            sidecar = base.with_name(base.name + suffix)
            if sidecar.is_file():
                try:
                    raw = sidecar.read_text(encoding="utf-8")
                    loaded = json.loads(raw) if suffix == ".meta.json" else yaml.safe_load(raw)
                except (ValueError, yaml.YAMLError) as exc:
                    raise DocumentError(f"unreadable metadata sidecar {sidecar.name}: {str(exc).splitlines()[0]}") from None
                if not isinstance(loaded, dict):
                    raise DocumentError(f"metadata sidecar {sidecar.name} is not a mapping")
                return {k: loaded[k] for k in METADATA_KEYS if loaded.get(k) is not None}
    return {}


def _str_or_none(value) -> str | None:
    return str(value) if value not in (None, "") else None


def _published(value) -> str | None:
    """ISO date or year-month as text; anything else is dropped rather than guessed."""
    if value in (None, ""):
        return None
    text = str(value).strip()[:10]
    return text if _PUBLISHED.match(text) else None
