"""Extract: one ingested document in, its sentences, entities and claims out.

The per-document part of the pipeline, a pure function of the document so that it can
run in any worker process (local pool or Dask) and be cached by content hash.
"""
from __future__ import annotations

from .claims import extract_claims
from .entities import tag_entities
from .records import IngestedDocument, ProcessedDocument
from .sentences import parse, sentence_records


_SHIPPED = object()


def process_document(document: IngestedDocument, span_model=_SHIPPED) -> ProcessedDocument:
    """`span_model`: the trained span tagger to add (the shipped one by default, None for rules only)."""
    if not document.ok:
        return ProcessedDocument(document)
    if span_model is _SHIPPED:
        from .spanmodel import MODEL_LABELS, shipped_model

        span_model = shipped_model() if MODEL_LABELS else None  # nothing to merge: do not pay its loading
    doc = parse(document.text)
    sentences = sentence_records(doc)
    entities = tag_entities(doc, sentences, document.published, span_model=span_model)
    claims = extract_claims(sentences, entities, document.published)
    return ProcessedDocument(document, sentences=sentences, entities=entities, claims=claims)
