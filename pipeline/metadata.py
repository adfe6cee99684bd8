"""Datasette metadata: titles, descriptions, facets and canned queries for db/claims.db.

Column descriptions for labels, predicates, events, modalities and verdicts are derived
from annotations/labels.yml, so the database explains itself with the registry's words.
"""
from __future__ import annotations

import json
from pathlib import Path

from .registry import Registry, load_registry


def _choices(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


def build_metadata(registry: Registry | None = None) -> dict:
    r = registry or load_registry()
    labels = "; ".join(f"{k}: {v}" for k, v in r.labels.items())
    predicates = "; ".join(f"{k}: {v['description']}" for k, v in r.predicates.items())
    verdicts = "; ".join(f"{k}: {v}" for k, v in r.verdicts.items())
    date_cols = {
        "date_start": "First day of the date interval (ISO, inclusive).",
        "date_end": "Last day of the date interval (ISO, inclusive).",
        "date_granularity": f"How precise the date is: {_choices(r.date_granularities)}.",
    }
    provenance = {
        "source": "Which component produced the row (rules, registry, model...).",
        "confidence": "How sure that component is, 0 to 1.",
    }
    tables = {
        "documents": {
            "description": "One row per document of the corpus (a file, or several files with the same text).",
            "label_column": "title",
            "sort": "id",
            "facets": ["status", "publisher", "format"],
            "columns": {
                "id": "Document id.", "path": "Path of the (first) file, relative to the corpus folder.",
                "paths": "Every file path with this text (JSON list).", "title": "Title from metadata, else the first non-empty line.",
                "publisher": "Publisher, from metadata only.", "url": "Source address, from metadata only.",
                "published": "Publication date (ISO date or year-month), from metadata only.",
                "sha256": "SHA-256 of the document text (of the file bytes for a failed file).",
                "text": "The document text; all offsets index into it.", "n_sentences": "Number of sentences.",
                "n_words": "Number of whitespace-separated words.", "status": "`ok` or `error`.",
                "error": "Why the file could not be read (one line).", "format": "text, markdown, html or pdf.",
                "encoding": "Detected text encoding.", "pipeline_version": "Hash of the code, registries and models that processed it.",
            },
        },
        "files": {"description": "Every corpus file and the document its text belongs to.",
                  "columns": {"path": "Path relative to the corpus folder.", "sha256": "SHA-256 of the file bytes.",
                              "size": "Bytes.", "document_id": "The document."}},
        "sentences": {
            "description": "Sentences with their character offsets into documents.text. Full-text search on text.",
            "label_column": "text",
            "facets": ["document_id"],
            "columns": {"id": "Sentence id.", "document_id": "The document.", "idx": "Position in the document (0-based).",
                        "start_char": "Offset of the first character in documents.text.",
                        "end_char": "Offset after the last character.", "text": "The sentence."},
        },
        "entities": {
            "description": "Tagged spans with normalised values. Labels: " + labels,
            "label_column": "text",
            "facets": ["label", "canonical", "document_id"],
            "columns": {"id": "Entity id.", "document_id": "The document.", "sentence_id": "The sentence it is in.",
                        "label": f"One of {_choices(r.labels)}.", "text": "The span as written.",
                        "start_char": "Offset into documents.text.", "end_char": "Offset after the span.",
                        "canonical": "Registry name (BODY, POLICY), duty key (DUTY) or concern topic (CONCERN).",
                        "pop_min": "Smallest population (people); empty for an open bound.",
                        "pop_max": "Largest population (people); empty for an open bound.", **date_cols, **provenance},
        },
        "claims": {
            "description": "One statement of a document: subject, predicate, object or value, qualifiers. Predicates: " + predicates,
            "label_column": "subject",
            "facets": ["predicate", "modality", "subject", "document_id"],
            "columns": {"id": "Claim id.", "document_id": "The document.", "sentence_id": "The sentence that states it.",
                        "subject": "Canonical body or policy the claim is about.",
                        "predicate": f"One of {_choices(r.predicates)}.",
                        "event": f"For `dated`: {_choices(r.events)}.",
                        "object": "Object body, duty key, concern topic or status, by predicate.",
                        "object_text": "The wording of the duty or concern.", "holder": "Who voices a concern, where named.",
                        "value_min": "Lower value (people or count).", "value_max": "Upper value (people or count).",
                        **date_cols, "modality": f"One of {_choices(r.modalities)}.",
                        "negated": "1 when the sentence denies the claim.",
                        "as_of_start": "Start of the time the claim speaks of.", "as_of_end": "End of that time (empty: open).",
                        **provenance},
        },
        "comparisons": {
            "description": "Every pair of claims from different documents about the same thing, with a verdict. " + verdicts,
            "facets": ["verdict", "predicate", "subject"],
            "columns": {"claim_a": "The first claim (smaller id).", "claim_b": "The second claim.",
                        "document_a": "Document of claim_a.", "document_b": "Document of claim_b.",
                        "subject": "Shared subject.", "predicate": "Shared predicate.", "event": "Shared event (dated).",
                        "object": "Shared object, where the key has one.",
                        "verdict": f"One of {_choices(r.verdicts)}.", "reason": "Why, in one line."},
        },
        "bodies": {"description": "The body registry as used (annotations/bodies.yml).", "label_column": "name",
                   "facets": ["kind"],
                   "columns": {"name": "Canonical name.", "kind": "type, organisation, instance or group.",
                               "aliases": "Aliases and acronyms (JSON list).", "successor": "Body that took over its function.",
                               "instance_of": "For an instance, its type."}},
        "policies": {"description": "The policy registry as used (annotations/policies.yml).", "label_column": "name",
                     "columns": {"name": "Canonical name.", "aliases": "Aliases (JSON list).",
                                 "known_dates": "Dates recorded in the registry (JSON)."}},
        "meta": {"description": "Build information: schema and pipeline versions.", "hidden": True},
        "agreements": {"description": "Cross-document pairs that agree or are compatible, both sentences side by side."},
        "contradictions": {"description": "Cross-document pairs that contradict, both sentences side by side."},
        "changes": {"description": "Cross-document pairs whose values changed over time."},
    }
    return {
        "title": "policy-claims",
        "description": "What policy articles claim, sentence by sentence, and where they agree or contradict each other.",
        "source": "Articles in corpus/ (see documents.url and documents.publisher)",
        "license": "Code: see repository. Article texts remain their publishers' copyright.",
        "databases": {"claims": {"tables": tables, "queries": canned_queries()}},
    }


def canned_queries() -> dict:
    return {}


def write_metadata(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_metadata(), indent=2), encoding="utf-8")
