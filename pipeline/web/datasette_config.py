"""Datasette configuration: titles, descriptions, facets, canned queries and dashboards for
db/claims.db (Datasette calls this file "metadata"; in this project "metadata" means a
document's sidecar, so the module is named for what it configures).

Column descriptions for labels, predicates, events, modalities and verdicts are derived
from annotations/labels.yml, so the database explains itself with the registry's words.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..registry import Registry


def _choices(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


def datasette_config(registry: Registry, database: str = "claims") -> dict:
    r = registry
    labels = "; ".join(f"{k}: {v}" for k, v in r.labels.items())
    predicates = "; ".join(f"{k}: {v['description']}" for k, v in r.predicates.items())
    verdicts = "; ".join(f"{k}: {v}" for k, v in r.verdicts.items())
    date_cols = {
        "date_start": "First day of the date interval (ISO, inclusive).",
        "date_end": "Last day of the date interval (ISO, inclusive).",
        "date_granularity": f"How precise the date is: {_choices(r.date_granularities)}.",
    }
    provenance = {
        "source": "Which component produced the row (rules, registry, model...; claims: rules+scorer when the "
                  "claim scorer graded the rules' candidate).",
        "confidence": "How sure that component is, 0 to 1 (claims: the scorer's probability that an annotator "
                      "would mark the claim).",
    }
    tables = {
        "documents": {
            "description": "One row per document of the corpus (a file, or several files with the same text).",
            "label_column": "title",
            "sort": "id",
            "facets": ["status", "publisher", "format"],
            "columns": {
                "id": "Document id.", "path": "Path of the (first) file, relative to the corpus folder.",
                "paths": "Every file path with this text (JSON list).",
                "title": "Title from metadata, else the first non-empty line.",
                "publisher": "Publisher, from metadata only.", "url": "Source address, from metadata only.",
                "published": "Publication date (ISO date or year-month), from metadata only.",
                "sha256": "SHA-256 of the document text (of the file bytes for a failed file).",
                "text": "The document text; all offsets index into it.", "n_sentences": "Number of sentences.",
                "n_words": "Number of whitespace-separated words.", "status": "`ok` or `error`.",
                "error": "Why the file could not be read (one line).", "format": "text, markdown, html or pdf.",
                "encoding": "Detected text encoding.",
                "pipeline_version": "Hash of the code, registries and models that processed it.",
            },
        },
        "files": {"description": "Every corpus file and the document its text belongs to.",
                  "columns": {"path": "Path relative to the corpus folder.",
                              "sha256": "SHA-256 of the file bytes (empty for a file not read).",
                              "size": "Bytes.", "document_id": "The document.",
                              "key": "Change key: the file's bytes, its metadata sidecar's bytes and the size limit it "
                                     "was read under; the next run re-processes the file when it differs."}},
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
            "description": "One statement of a document: subject, predicate, object or value, qualifiers. "
                           "Predicates: " + predicates,
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
                        "group_id": "The group of claims that say exactly the same (claim_groups).", **provenance},
        },
        "comparisons": {
            "description": "Every pair of claims from different documents about the same thing, with a verdict "
                           "(a view over group_comparisons). " + verdicts,
            "facets": ["verdict", "predicate", "subject"],
            "columns": {"id": "Comparison id: the two claim ids.", "group_comparison": "The group verdict it comes from.",
                        "claim_a": "The first claim (smaller id).", "claim_b": "The second claim.",
                        "document_a": "Document of claim_a.", "document_b": "Document of claim_b.",
                        "subject": "Shared subject.", "predicate": "Shared predicate.", "event": "Shared event (dated).",
                        "object": "Shared object, where the key has one.",
                        "verdict": f"One of {_choices(r.verdicts)}, for the times the two claims speak of.",
                        "reason": "Why, in one line.",
                        "verdict_same_time": "The group verdict when the claims speak of overlapping times.",
                        "verdict_apart": "The group verdict when they do not (empty: time makes no difference)."},
        },
        "comparisons_within_document": {
            "description": "The same comparison between two claims of one document (a document at odds with itself).",
            "facets": ["verdict", "predicate"]},
        "claim_groups": {
            "description": "Claims that say exactly the same thing (same key, value, modality and polarity), compared "
                           "once; their times may differ, and the comparisons view picks the verdict for each pair's times.",
            "columns": {"id": "Group id.", "signature": "The shared fields (JSON), unique.",
                        "block": "The comparison key (JSON): groups are compared only within a block.",
                        "subject": "Shared subject.", "predicate": "Shared predicate.",
                        "event": "Shared event.", "object": "Shared object.", "n_claims": "Claims in the group.",
                        "n_documents": "Documents they come from."}},
        "group_comparisons": {
            "description": "One verdict per pair of claim groups sharing a key; the comparisons view expands it to claim pairs.",
            "facets": ["verdict", "predicate"],
            "columns": {"id": "Group comparison id.", "group_a": "First group.", "group_b": "Second group (may equal the first).",
                        "subject": "Shared subject.", "predicate": "Shared predicate.", "event": "Shared event.",
                        "object": "Shared object.", "verdict": "Verdict when the claims speak of the same time.",
                        "reason": "Why, in one line.",
                        "verdict_apart": "Verdict when they speak of different times; empty when the same.",
                        "reason_apart": "Why, for different times."}},
        "bodies": {"description": "The body registry as used (annotations/bodies.yml).", "label_column": "name",
                   "facets": ["kind"],
                   "columns": {"name": "Canonical name.", "kind": "type, organisation, instance or group.",
                               "aliases": "Aliases and acronyms (JSON list).", "successor": "Body that took over its function.",
                               "instance_of": "For an instance, its type.",
                               "broader": "A wider kind it is one of (an NHS trust is an NHS body)."}},
        "policies": {"description": "The policy registry as used (annotations/policies.yml).", "label_column": "name",
                     "columns": {"name": "Canonical name.", "aliases": "Aliases (JSON list).",
                                 "known_dates": "Dates recorded in the registry (JSON)."}},
        "meta": {"description": "Build information: schema and pipeline versions.", "hidden": True},
        "agreements": {"description": "Cross-document pairs that agree or are compatible, both sentences side by side."},
        "contradictions": {"description": "Cross-document pairs that contradict, both sentences side by side."},
        "changes": {"description": "Cross-document pairs whose values changed over time."},
        "contradictions_within_document": {"description": "Pairs of claims in one document that contradict each other."},
    }
    return {
        "title": "policy-claims",
        "description": "What policy articles claim, sentence by sentence, and where they agree or contradict each other.",
        "source": "Articles in corpus/ (see documents.url and documents.publisher)",
        "license": "Code: see repository. Article texts remain their publishers' copyright.",
        "extra_css_urls": ["/assets/app.css"],
        "databases": {database: {"tables": tables, "queries": canned_queries()}},
        "plugins": {"datasette-dashboards": dashboards(database)},
    }


_BODY_NAMES = """(SELECT name FROM bodies WHERE lower(name) = lower(:body)
      OR EXISTS (SELECT 1 FROM json_each(bodies.aliases) WHERE lower(value) = lower(:body))
    UNION SELECT name FROM policies WHERE lower(name) = lower(:body)
      OR EXISTS (SELECT 1 FROM json_each(policies.aliases) WHERE lower(value) = lower(:body))
    UNION SELECT :body)"""


def _pairs(view: str) -> str:
    # no ORDER BY: the view already walks the verdicts block by block, and sorting all pairs
    # of a large corpus costs seconds; the first 200 pairs here, all of them on the view's own page
    return f"""SELECT verdict, reason, sentence_a, document_a_title AS document_a, sentence_b,
  document_b_title AS document_b, subject, predicate, event, object,
  sentence_a_id, sentence_b_id, claim_a, claim_b
FROM {view} LIMIT 200"""


def canned_queries() -> dict:
    """Named queries with titles and descriptions; sentence columns render highlighted."""
    return {name: {**query, "hide_sql": True} for name, query in _queries().items()}


def _queries() -> dict:
    claim_columns = """cl.predicate, cl.subject, cl.event, cl.object, cl.value_min, cl.value_max,
  cl.date_start, cl.date_end, cl.modality, cl.negated, cl.holder, d.title AS document, s.text AS sentence,
  s.id AS sentence_id, cl.id AS claim_id"""
    joins = "FROM claims cl JOIN sentences s ON s.id = cl.sentence_id JOIN documents d ON d.id = cl.document_id"

    def sentences_of(columns: str, predicate: str, order: str, join: str = "") -> str:
        """The claims of one predicate with their document and sentence (highlighted on the page)."""
        return (f"SELECT {columns},\n  d.title AS document, s.text AS sentence, s.id AS sentence_id\n{joins}{join}\n"
                f"WHERE cl.predicate = '{predicate}' ORDER BY {order}")

    return {
        "contradictions": {
            "title": "Contradictions between documents",
            "description": "Pairs of claims from different documents that cannot both be true, with both sentences "
                           "and the reason.",
            "sql": _pairs("contradictions"),
        },
        "agreements": {
            "title": "Agreements between documents",
            "description": "Pairs of claims from different documents that say the same (agree) or are consistent (compatible).",
            "sql": _pairs("agreements"),
        },
        "changes": {
            "title": "Changes over time",
            "description": "Pairs whose values differ because they speak of different times (a plan against what happened).",
            "sql": _pairs("changes"),
        },
        "body": {
            "title": "Everything the corpus says about a body",
            "description": "Claims whose subject or object is the body, matched on its canonical name and its aliases "
                           "(try ICB, CCGs, NHS England).",
            "sql": f"""SELECT {claim_columns}
{joins}
WHERE cl.subject IN {_BODY_NAMES} OR cl.object IN {_BODY_NAMES}
ORDER BY d.id, s.idx""",
        },
        "document_claims": {
            "title": "The claims of one document",
            "description": "Every claim of the document whose id or title (any part) is given.",
            "sql": f"""SELECT {claim_columns}
{joins}
WHERE d.id = CAST(:document AS INTEGER) OR d.title LIKE '%' || :document || '%'
ORDER BY s.idx""",
        },
        "document_text": {
            "title": "Read one document, sentence by sentence",
            "description": "The sentences of the document with the given id, entities highlighted.",
            "sql": """SELECT s.idx, s.text AS sentence, s.id AS sentence_id,
  (SELECT COUNT(*) FROM claims WHERE sentence_id = s.id) AS claims
FROM sentences s WHERE s.document_id = CAST(:document AS INTEGER) ORDER BY s.idx""",
        },
        "timeline": {
            "title": "Timeline of dated events across documents",
            "description": "Every dated claim, earliest first, with the document that dates it and the sentence.",
            "sql": sentences_of("cl.date_start, cl.date_end, cl.date_granularity, cl.subject, cl.event, cl.modality",
                                "dated", "cl.date_start, cl.subject"),
        },
        "concerns": {
            "title": "Concerns by topic and by who voices them",
            "description": "Concern topics with who raises them, about which body, and in how many documents.",
            "sql": """SELECT cl.object AS topic, COALESCE(cl.holder, '(the document)') AS voiced_by,
  COALESCE(cl.subject, '(no body named)') AS about, COUNT(*) AS claims, COUNT(DISTINCT cl.document_id) AS documents,
  group_concat(DISTINCT d.publisher) AS publishers, group_concat(DISTINCT d.title) AS document_titles
FROM claims cl JOIN documents d ON d.id = cl.document_id
WHERE cl.predicate = 'raises_concern'
GROUP BY 1, 2, 3 ORDER BY documents DESC, claims DESC""",
        },
        "concern_sentences": {
            "title": "Concerns, sentence by sentence",
            "description": "Every concern with its wording, who voices it and the sentence.",
            "sql": sentences_of("cl.object AS topic, cl.object_text AS wording, cl.holder AS voiced_by, cl.subject AS about",
                                "raises_concern", "cl.object, d.id"),
        },
        "populations": {
            "title": "Population sizes by kind of body",
            "description": "How many people one body of each kind covers, according to each document.",
            "sql": sentences_of("cl.subject AS body, b.kind, cl.value_min AS people_min, cl.value_max AS people_max",
                                "has_population", "cl.subject, cl.value_min", " LEFT JOIN bodies b ON b.name = cl.subject"),
        },
    }


def dashboards(database: str) -> dict:
    """datasette-dashboards charts: claims per predicate per document, and the timeline."""
    return {
        "claims": {
            "title": "What the documents claim",
            "description": "Claims per predicate per document, and dated events across documents.",
            "layout": [["per-predicate", "per-predicate"], ["timeline", "timeline"]],
            "charts": {
                "per-predicate": {
                    "title": "Claims per predicate per document",
                    "db": database,
                    "query": """SELECT d.title AS document, cl.predicate, COUNT(*) AS claims
FROM claims cl JOIN documents d ON d.id = cl.document_id GROUP BY 1, 2""",
                    "library": "vega-lite",
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "y": {"field": "predicate", "type": "nominal", "title": "predicate"},
                            "x": {"field": "claims", "type": "quantitative", "title": "claims"},
                            "color": {"field": "document", "type": "nominal", "legend": {"orient": "bottom", "columns": 1}},
                        },
                    },
                },
                "timeline": {
                    "title": "Timeline of dated events",
                    "db": database,
                    "query": """SELECT cl.date_start AS date, cl.subject || ' (' || cl.event || ')' AS event,
  d.title AS document FROM claims cl JOIN documents d ON d.id = cl.document_id
WHERE cl.predicate = 'dated' AND cl.date_start IS NOT NULL""",
                    "library": "vega-lite",
                    "display": {
                        "mark": {"type": "point", "filled": True, "size": 80, "tooltip": True},
                        "encoding": {
                            "x": {"field": "date", "type": "temporal", "title": "date"},
                            "y": {"field": "event", "type": "nominal", "title": None},
                            "color": {"field": "document", "type": "nominal", "legend": {"orient": "bottom", "columns": 1}},
                        },
                    },
                },
            },
        }
    }


def write_datasette_config(path: Path, registry: Registry, database: str = "claims") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(datasette_config(registry, database), indent=2), encoding="utf-8")
