"""Render: a sentence with its entity spans highlighted, as escaped HTML.

Document text is untrusted: every character of it goes through `markupsafe.escape`,
and only the <mark> elements made here are markup.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def highlight_html(text: str, offset: int, entities: list[dict]) -> Markup:
    """`text` starts at document offset `offset`; entities carry document offsets, a label and
    a canonical value. Nested spans nest; a span that crosses another is left plain."""
    spans = []
    for e in entities:
        start, end = e["start_char"] - offset, e["end_char"] - offset
        if 0 <= start < end <= len(text):
            spans.append((start, end, e["label"], e.get("canonical") or ""))
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept, stack = [], []
    for span in spans:
        while stack and stack[-1][1] <= span[0]:
            stack.pop()
        if stack and span[1] > stack[-1][1]:
            continue  # crosses the enclosing span
        kept.append(span)
        stack.append(span)
    opens: dict[int, list] = {}
    closes: dict[int, int] = {}
    for start, end, label, canonical in kept:
        opens.setdefault(start, []).append((end, label, canonical))
        closes[end] = closes.get(end, 0) + 1
    out, position = [], 0
    for point in sorted(set(opens) | set(closes) | {len(text)}):
        out.append(str(escape(text[position:point])))
        out.append("</mark>" * closes.get(point, 0))
        for _, label, canonical in sorted(opens.get(point, []), key=lambda o: -o[0]):
            title = f"{label}: {canonical}" if canonical else label
            out.append(f'<mark class="ent ent-{escape(label)}" title="{escape(title)}">')
        position = point
    return Markup("".join(out))


def marked_html(marked: str, open_mark: str, close_mark: str) -> Markup:
    """Text whose matches an index bracketed with two private-use characters, as escaped HTML with
    those matches in <mark class="hit">: the text is escaped first, so only these marks are markup
    (a document holding those characters itself gets a stray mark, never anything else)."""
    return Markup(str(escape(marked)).replace(open_mark, '<mark class="hit">').replace(close_mark, "</mark>"))


def safe_url(url) -> str | None:
    """A document's own address, only if it is a web address (never a javascript: or data: link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in url) else None
