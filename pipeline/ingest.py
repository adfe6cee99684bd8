"""Ingest: a corpus file in, an `IngestedDocument` (text + metadata, or an error) out.

Formats (SPEC §2): .txt, .md (YAML front matter), .html/.htm (main text through
trafilatura), .pdf (pypdf). Finding and opening files safely is `corpus`'s, checking metadata
`metadata`'s. Every failure, whatever raised it, becomes a one-line `error` naming the reason,
never an exception, so one bad file cannot stop the rest of the corpus.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from . import corpus as corpus_files
from .corpus import SIDECAR_SUFFIXES, CorpusError, is_sidecar  # noqa: F401 (re-exported)
from .metadata import MetadataError, checked, html_published, load_json, load_yaml
from .pdftext import is_multi_column, layout_pages_to_text
from .records import IngestedDocument, SourceFile
from .settings import DEFAULT, Settings

SUPPORTED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                      ".html": "html", ".htm": "html", ".pdf": "pdf"}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def discover(corpus: Path, settings: Settings = DEFAULT, known: corpus_files.Known | None = None) -> list[SourceFile]:
    """Every candidate document under `corpus`, with its change key (see pipeline/corpus.py)."""
    return corpus_files.discover(Path(corpus), settings.max_bytes, settings.max_metadata_bytes, known)


def read_document(corpus: Path, source: SourceFile, settings: Settings = DEFAULT) -> IngestedDocument:
    """Read one file into text and metadata; failures are returned, never raised."""
    kind = SUPPORTED_SUFFIXES.get(Path(source.path).suffix.lower())

    def failed(reason: str) -> IngestedDocument:
        return IngestedDocument(path=source.path, sha256=source.sha256 or source.key, format=kind, error=reason)

    if source.problem:
        return failed(source.problem)
    if kind is None:
        return failed(f"unsupported file type {Path(source.path).suffix or '(none)'!r}; expected one of "
                      + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    if source.size == 0:
        return failed("empty file")
    try:
        return _read(Path(corpus), source, kind, settings)
    except (DocumentError, MetadataError, CorpusError) as exc:
        return failed(str(exc))
    except RecursionError:
        return failed(f"cannot be read: {kind} nested too deeply")
    except MemoryError:
        return failed(f"cannot be read: out of memory reading the {kind}")
    except Exception as exc:  # a reader's bug or a library's unforeseen error: this document's error, not the run's
        return failed(f"cannot be read: {type(exc).__name__}: {one_line(exc)}")


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _read(corpus: Path, source: SourceFile, kind: str, settings: Settings) -> IngestedDocument:
    data = corpus_files.read_bytes(corpus, source.path, settings.max_bytes)
    where: dict[str, str] = {}
    if kind == "pdf":
        (text, meta), encoding = _read_pdf(data), None
        where = dict.fromkeys(meta, "the PDF's metadata")
    else:
        raw, encoding = decode_bytes(data)
        if kind == "markdown":
            text, meta = _read_markdown(raw)
            where = dict.fromkeys(meta, "the front matter")
        elif kind == "html":
            text, meta = _read_html(raw)
            where = dict.fromkeys(meta, "the page's metadata")
        else:
            text, meta = normalise_newlines(raw), {}
    if not text.strip():
        raise DocumentError("no text: the file holds only whitespace or markup")
    if source.sidecar:
        sidecar = _read_sidecar(corpus, source.sidecar, settings)
        meta = {**meta, **sidecar}
        where.update(dict.fromkeys(sidecar, f"sidecar {source.sidecar.rsplit('/', 1)[-1]}"))
    meta = checked(meta, where)
    title = meta.get("title") or heading_title(text) or Path(source.path).name
    return IngestedDocument(
        path=source.path,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        text=text,
        title=title,
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        published=meta.get("published"),
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
# no bracket inside a link's parts: a run of "[" or "](" then fails at once instead of scanning to the end
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")


def _read_markdown(raw: str) -> tuple[str, dict]:
    """Markdown body as plain text (headings, emphasis and link syntax dropped), front matter as metadata."""
    raw = normalise_newlines(raw)
    meta: dict = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        meta = load_yaml(match.group(1), "the front matter")
        raw = raw[match.end():]
    text = _MD_IMAGE.sub(r"\1", raw)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    return unwrap_paragraphs(text.strip("\n")), meta


_LIST_ITEM = re.compile(r"^\s*([-*+•–]|\d+[.)])\s+")


def unwrap_paragraphs(text: str) -> str:
    """Join hard-wrapped lines of a paragraph, keeping list items and blank lines apart.

    Used for Markdown and PDF, whose line breaks are layout, not sentence ends. Lines are joined
    once at the end, so a paragraph of ten thousand wrapped lines costs its length, not its square.
    """
    out: list[list[str]] = []  # each output line as the input lines joined into it
    length = 0  # of the last output line
    for line in text.split("\n"):
        last = out[-1][-1] if out else ""
        if (out and line.strip() and last.strip()
                and not _LIST_ITEM.match(line)
                and not last.endswith((".", "?", "!", ":"))
                and length > 40):
            out[-1].append(line.strip())
            length += 1 + len(out[-1][-1])
        else:
            out.append([line.rstrip()])
            length = len(out[-1][0])
    return "\n".join(" ".join(parts) for parts in out)


def _read_html(raw: str) -> tuple[str, dict]:
    """Main text of a saved page: navigation, cookie banners and footers dropped by trafilatura."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False)
    if not text:
        raise DocumentError("no main text found in the HTML page")
    from lxml import html as lxml_html
    from trafilatura.metadata import extract_metadata

    tree = lxml_html.fromstring(raw.encode("utf-8", "surrogatepass"))
    meta: dict = {}
    info = extract_metadata(tree, extensive=False)
    if info is not None:  # its date is guessed (from text, copyright lines): the page's own metadata instead
        meta = {"title": info.title, "publisher": info.sitename, "url": info.url, "published": html_published(tree)}
        meta = {k: v for k, v in meta.items() if v}
    return normalise_newlines(text), meta


def _read_pdf(data: bytes) -> tuple[str, dict]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError  # LimitReachedError (a stream inflating enormously) included

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        layouts = [normalise_newlines(page.extract_text(extraction_mode="layout") or "") for page in reader.pages]
        if is_multi_column([layout.split("\n") for layout in layouts]):  # columns side by side: plain order
            pages = [page.extract_text() or "" for page in reader.pages]
            text = unwrap_paragraphs(normalise_newlines("\n\n".join(p.strip() for p in pages)).strip())
        else:
            text = layout_pages_to_text(layouts)
        info = reader.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AssertionError, IndexError, AttributeError,
            ZeroDivisionError, RecursionError) as exc:
        raise DocumentError(f"corrupt or truncated PDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if not text.strip():
        raise DocumentError("PDF has no extractable text (a scanned image?)")
    title = info.get("/Title")
    return text, ({"title": title} if isinstance(title, str) and title.strip() else {})


def _read_sidecar(corpus: Path, rel: str, settings: Settings) -> dict:
    """Metadata from the sidecar `rel` (NAME.meta.json / NAME.meta.yml beside NAME.ext)."""
    name = rel.rsplit("/", 1)[-1]
    data = corpus_files.read_bytes(corpus, rel, settings.max_metadata_bytes, f"metadata sidecar {name}")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"metadata sidecar {name} is not UTF-8 text") from None
    return load_json(raw, f"sidecar {name}") if name.endswith(".meta.json") else load_yaml(raw, f"sidecar {name}")
