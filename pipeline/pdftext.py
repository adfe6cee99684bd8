"""PDF pages as a reader sees them: paragraphs, headings and list items, without page furniture.

pypdf's layout extraction keeps blank lines between paragraphs and each line's indentation,
which plain extraction loses. From the layout text of each page this module drops the
running header and footer (a line that repeats on other pages, a page counter, a bare
address, a print time stamp), joins the lines of a paragraph, keeps the items of an
indented list apart, mends a paragraph cut by a page break, and drops footnote markers
glued to a sentence's end ("their area”.2 Their" -> "their area”. Their").
"""
from __future__ import annotations

import re

_PAGE_COUNTER = re.compile(r"^(?:page\s+)?\d{1,4}\s*(?:/|of)\s*\d{1,4}$|^\d{1,4}$", re.I)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")
_TIME_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b", re.I)
_ADDRESS_AND_COUNTER = re.compile(r"^(?:https?://|www\.)\S*?\s*\d{1,4}\s*/\s*\d{1,4}$")
_COLUMN_GAP = re.compile(r"\S {6,}\S")
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z)”’\"'])([.!?][”’\"')]?)\d{1,3}(?=\s+[A-Z“‘\"(]|\n|$)")
_TERMINAL = (".", "?", "!", ":", ";", "”", "’", '"')


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _is_furniture(line: str) -> bool:
    """A page counter, a bare address (with or without a counter glued to it), a print time stamp."""
    text = line.strip()
    return bool(_PAGE_COUNTER.match(text) or _ADDRESS.match(text) or _ADDRESS_AND_COUNTER.match(text)
                or _TIME_STAMP.match(text))


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without its running header and footer. A page's first and last
    non-blank lines go when they repeat at the edge of another page (digits aside) or look like
    furniture; the lines next to them go only when they look like furniture."""
    edges, outer = [], []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        outer.append(set(filled[:1] + filled[-1:]))
        edges.append(set(filled[:2] + filled[-2:]))
    seen: dict[str, int] = {}
    for lines, edge in zip(pages, outer):
        for masked in {_mask(lines[i]) for i in edge}:
            seen[masked] = seen.get(masked, 0) + 1
    out = []
    for lines, edge, ends in zip(pages, edges, outer):
        out.append([line for i, line in enumerate(lines) if not (
            (i in edge and _is_furniture(line)) or (i in ends and len(pages) > 1 and seen[_mask(line)] > 1))])
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join(lines: list[str]) -> str:
    """The lines of one paragraph as one line; a word broken after a hyphen keeps its hyphen."""
    text = ""
    for line in (line.strip() for line in lines):
        if not text:
            text = line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
            text += line
        else:
            text += " " + line
    return text


def _paragraphs(block: list[str], body_indent: int) -> list[str]:
    """A block is one paragraph, or, indented deeper than the body, a list whose items end in ';' or '.'."""
    if min(_indent(line) for line in block) <= body_indent:
        return [_join(block)]
    items, current = [], []
    for line in block:
        current.append(line)
        if line.rstrip().endswith((";", ".")):
            items.append(_join(current))
            current = []
    if current:
        items.append(_join(current))
    return items


def is_multi_column(pages: list[list[str]]) -> bool:
    """Layout text of a two-column page puts both columns on one line, far apart."""
    lines = [line.strip() for lines in pages for line in lines if line.strip()]
    return bool(lines) and sum(1 for line in lines if _COLUMN_GAP.search(line)) > 0.3 * len(lines)


def layout_pages_to_text(layouts: list[str]) -> str:
    """The document text from the layout text of each page."""
    pages = strip_furniture([layout.split("\n") for layout in layouts])
    # the body's indentation: the least of any paragraph of two lines or more (a list sits deeper)
    body_indent = min((min(_indent(line) for line in block) for lines in pages for block in _blocks(lines)
                       if len(block) > 1), default=0)
    paragraphs: list[str] = []
    for page_number, lines in enumerate(pages):
        for n, block in enumerate(_blocks(lines)):
            parts = _paragraphs(block, body_indent)
            continues = (page_number > 0 and n == 0 and paragraphs and parts
                         and not paragraphs[-1].endswith(_TERMINAL) and (parts[0][:1].islower() or parts[0][:1] == "("))
            if continues:  # a paragraph cut by the page break
                paragraphs[-1] = _join([paragraphs[-1], parts[0]])
                parts = parts[1:]
            paragraphs.extend(parts)
    return _FOOTNOTE_MARK.sub(r"\1", "\n\n".join(paragraphs))
