"""Extract: one ingested document in, its sentences, entities and claims out.

The per-document part of the pipeline, a pure function of the document so that it can
run in any worker process (local pool or Dask) and be cached by content hash.
"""
from __future__ import annotations

from .claims import Candidate, chosen_claims, claim_candidates
from .entities import tag_entities
from .records import Entity, IngestedDocument, ProcessedDocument, Sentence
from .sentences import parse, sentence_records


_SHIPPED = object()


def candidates_of(document: IngestedDocument, span_model=_SHIPPED) -> tuple[list[Sentence], list[Entity], list[Candidate]]:
    """The document's sentences and entities, and the claims the rules propose from them."""
    if span_model is _SHIPPED:
        from .spanmodel import MODEL_LABELS, shipped_model

        span_model = shipped_model() if MODEL_LABELS else None  # nothing to merge: do not pay its loading
    doc = parse(document.text)
    sentences = sentence_records(doc)
    entities = tag_entities(doc, sentences, document.published, span_model=span_model)
    return sentences, entities, claim_candidates(sentences, entities, document.published)


def process_document(document: IngestedDocument, span_model=_SHIPPED, scorer=_SHIPPED) -> ProcessedDocument:
    """`span_model`: the trained span tagger to add (the shipped one by default, None for rules only);
    `scorer`: the claim scorer that grades and filters the rules' candidates (likewise)."""
    if not document.ok:
        return ProcessedDocument(document)
    if scorer is _SHIPPED:
        from .scorer import load

        scorer = load()
    sentences, entities, candidates = candidates_of(document, span_model)
    return ProcessedDocument(document, sentences=sentences, entities=entities, claims=chosen_claims(candidates, scorer))
