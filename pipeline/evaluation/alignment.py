"""Carry gold offsets from the text a document was annotated on to the text ingest gives today.

Dev gold indexes the text kept beside it (`NAME.text`); when ingest improves (a PDF's header
dropped, a line joined), the offsets move. The two texts are aligned with difflib and each span
is carried through the unchanged stretches; a span that touches a changed stretch is lost, and
the caller counts it rather than scoring a span that no longer says the same thing.
"""
from __future__ import annotations

import bisect
from difflib import SequenceMatcher


class OffsetMap:
    """Old offsets -> new offsets, through the blocks the two texts share."""

    def __init__(self, old: str, new: str):
        blocks = SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
        self._blocks = [(a, b, size) for a, b, size in blocks if size]
        self._starts = [a for a, _, _ in self._blocks]
        self.identical = old == new

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span in the new text, or None when it does not survive whole."""
        if self.identical:
            return start, end
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return None
        a, b, size = self._blocks[i]
        if end <= a + size:
            return b + start - a, b + end - a
        return None
