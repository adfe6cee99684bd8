"""Extract: one ingested document in, its sentences, entities and claims out.

The per-document part of the pipeline, a pure function of the document so that it can
run in any worker process (local pool or Dask) and be cached by content hash.
"""
from __future__ import annotations

from .claims.candidates import Candidate, chosen_claims, claim_candidates
from .entities.tagger import tag_entities
from .registry import load_registry
from .records import Entity, IngestedDocument, ProcessedDocument, Sentence
from .text.sentences import parse, sentence_records


_SHIPPED = object()


def candidates_of(document: IngestedDocument) -> tuple[list[Sentence], list[Entity], list[Candidate]]:
    """The document's sentences and entities, and the claims the rules propose from them."""
    doc = parse(document.text)
    sentences = sentence_records(doc)
    entities = tag_entities(doc, sentences, document.published)
    return sentences, entities, claim_candidates(sentences, entities, document.published, load_registry())


def process_document(document: IngestedDocument, scorer=_SHIPPED) -> ProcessedDocument:
    """`scorer`: the claim scorer that grades and filters the rules' candidates (the shipped one by
    default, None for the rules' own choices)."""
    if not document.ok:
        return ProcessedDocument(document)
    if scorer is _SHIPPED:
        from .claims.scorer import load

        scorer = load()
    sentences, entities, candidates = candidates_of(document)
    return ProcessedDocument(document, sentences=sentences, entities=entities, claims=chosen_claims(candidates, scorer))
