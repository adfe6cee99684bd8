"""Extract: one ingested document in, its sentences, entities and claims out.

The per-document part of the pipeline, a pure function of the document so that it can
run in any worker process (local pool or Dask) and be cached by content hash.
"""
from __future__ import annotations

from .claims import extract_claims
from .entities import tag_entities
from .records import IngestedDocument, ProcessedDocument
from .sentences import sentence_nlp, sentence_records


def process_document(document: IngestedDocument) -> ProcessedDocument:
    if not document.ok:
        return ProcessedDocument(document)
    doc = sentence_nlp()(document.text)
    sentences = sentence_records(doc)
    entities = tag_entities(doc, sentences, document.published)
    claims = extract_claims(sentences, entities, document.published)
    return ProcessedDocument(document, sentences=sentences, entities=entities, claims=claims)
