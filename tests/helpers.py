"""What many tests need: the rules-only extractor of the shipped annotations, and shortcuts to it."""
from __future__ import annotations

from functools import cache

from pipeline.extract import Extractor
from pipeline.records import IngestedDocument


@cache
def rules_extractor() -> Extractor:
    """The shipped registries and rules, without the trained scorer (the rules' own choices)."""
    return Extractor.load(scorer=None)


def document(text: str, published: str | None = None, title: str | None = None,
             publisher: str | None = None) -> IngestedDocument:
    return IngestedDocument(path="test.txt", sha256="", text=text, published=published, title=title, publisher=publisher)


def candidates_of(text: str, published: str | None = None, extractor: Extractor | None = None):
    """(sentences, entities, candidates) of a text."""
    return (extractor or rules_extractor()).candidates_of(document(text, published))


def tag(text: str, published: str | None = None, extractor: Extractor | None = None):
    """The entities of a text."""
    return candidates_of(text, published, extractor)[1]


def claims_of(text: str, published: str | None = None, extractor: Extractor | None = None, title: str | None = None,
              publisher: str | None = None):
    """The claims the rules choose for a text (with the document's `title` and `publisher`, when given)."""
    return (extractor or rules_extractor()).process(document(text, published, title, publisher)).claims
