"""Datasette configuration: titles, descriptions, facets, canned queries and dashboards for
db/claims.db (Datasette calls this file "metadata"; in this project "metadata" means a
document's sidecar, so the module is named for what it configures).

Column descriptions for labels, predicates, events, modalities and verdicts are derived
from annotations/labels.yml, so the database explains itself with the registry's words.
"""
from __future__ import annotations

import json
from pathlib import Path

from markupsafe import escape

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
                "title": "Title from metadata, else the first heading-like line (at most 120 characters, not page "
                         "clutter), else the file name.",
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
                        "as_of_start": "Start of the time the claim speaks of (empty: unknown).",
                        "as_of_end": "End of that time (empty: unknown, never 'for ever').",
                        "time_text": "That time as a reader says it (states only: their verdicts depend on it).",
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
                        "reason": "Why, in one line, claim_a's side first.",
                        "time_relation": "How the two claims' times relate: first, second (disjoint, that one "
                                         "earlier), same (known, overlapping, at most a year), unknown; empty when "
                                         "time makes no difference.",
                        "verdict_same_time": "The group verdict for the same known time (or whatever the times).",
                        "verdict_apart": "The group verdict for disjoint times (empty: time makes no difference).",
                        "verdict_unknown": "The group verdict when the times cannot be placed."},
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
                        "n_documents": "Documents they come from.", "label": "What they say, as a reason names it.",
                        "note": "How they say it, where not a plain statement (modality, denied).",
                        "value_text": "Their answer to the block's question.", "position_id": "That answer's position."}},
        "group_comparisons": {
            "description": "One verdict per pair of claim groups sharing a key; the comparisons view expands it to claim pairs.",
            "facets": ["verdict", "predicate"],
            "columns": {"id": "Group comparison id.", "group_a": "First group.", "group_b": "Second group (may equal the first).",
                        "subject": "Shared subject.", "predicate": "Shared predicate.", "event": "Shared event.",
                        "object": "Shared object.",
                        "verdict": "Verdict whatever the times, or, when time decides, for the same known time.",
                        "reason": "Why (the comparisons view puts both sides before it).",
                        "verdict_apart": "Verdict for known disjoint times; empty when time makes no difference.",
                        "reason_apart": "Why, for disjoint times ({first}: the earlier side).",
                        "verdict_unknown": "Verdict when the times cannot be placed (differ); empty when time "
                                           "makes no difference.",
                        "positive_group": "The affirmed group, when a stated change (transitions) can order the two."}},
        "questions": {
            "description": "What each comparison key asks, its status and how many positions it has: the reader's way in. "
                           "Status: disputed (some pair of its claims contradicts), else changed, else differ, else consensus.",
            "label_column": "label",
            "facets": ["status", "predicate"],
            "columns": {"id": "Question id.", "block": "The comparison key (JSON).", "subject": "Its subject.",
                        "predicate": "Its predicate.", "event": "Its event (dated).",
                        "object": "Its object, where the key has one.",
                        "label": "The question in words.", "status": "consensus, disputed, changed or differ.",
                        "n_positions": "Distinct values stated.", "n_documents": "Documents that answer it.",
                        "n_claims": "Claims that answer it."}},
        "positions": {
            "description": "The distinct values stated for a question, with how many documents hold each; "
                           "the claims behind a position are in position_claims.",
            "label_column": "value",
            "columns": {"id": "Position id.", "question_id": "The question.", "value": "The value, as a reader says it.",
                        "n_documents": "Documents that state it.", "n_claims": "Claims that state it.",
                        "modalities": "How they state it (fact, plan, proposal ...)."}},
        "position_claims": {"description": "Each position's claims, with their time."},
        "transitions": {"description": "Dated changes the corpus states as facts (a body taking effect or abolished): "
                                       "they order the states they separate (changed rather than differ)."},
        "bodies": {"description": "The body registry as used (annotations/bodies.yml), and the bodies named in the "
                                  "corpus that no registry lists (registered = 0: a name of an organisation's shape).",
                   "label_column": "name", "facets": ["kind", "registered"],
                   "columns": {"name": "Canonical name.", "kind": "type, organisation, instance or group.",
                               "aliases": "Aliases and acronyms (JSON list).", "successor": "Body that took over its function.",
                               "instance_of": "For an instance, its type.",
                               "broader": "A wider kind it is one of (an NHS trust is an NHS body).",
                               "registered": "1: in annotations/bodies.yml; 0: found in the corpus only."}},
        "policies": {"description": "The policy registry as used (annotations/policies.yml), and the policies named in "
                                    "the corpus that no registry lists (registered = 0).", "label_column": "name",
                     "facets": ["registered"],
                     "columns": {"name": "Canonical name.", "aliases": "Aliases (JSON list).",
                                 "known_dates": "Dates recorded in the registry (JSON).",
                                 "registered": "1: in annotations/policies.yml; 0: found in the corpus only."}},
        "meta": {"description": "Build information: schema and pipeline versions.", "hidden": True},
        **{view: {"title": title, "description": description, "description_html": _pair_view_html(database, description, status),
                  "columns": PAIR_COLUMNS} for view, (title, description, status) in PAIR_VIEWS.items()},
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


CLAIM_TEXT = ("claim_text(cl.subject, cl.predicate, cl.event, cl.object, cl.value_min, cl.value_max, cl.date_start, "
              "cl.date_end, cl.date_granularity, cl.negated, cl.modality, cl.holder)")
"""The claim as one line of words (the SQL function the policy_claims plugin registers)."""
_NAMED = "(SELECT value FROM json_each(body_names(:body)))"
"""The registered names a reader's wording means, in any alias form (plugin function body_names)."""

PAIR_VIEWS = {
    "contradictions": ("Contradictions between documents",
                       "Pairs of claims from different documents that cannot both be true, both sentences side by side.",
                       "disputed"),
    "differences": ("Differences whose times are unknown",
                    "Cross-document pairs with different values whose times cannot be placed: a change or a "
                    "contradiction, the texts do not say which.", "differ"),
    "changes": ("Changes over time", "Pairs whose values differ because they speak of different times.", "changed"),
    "agreements": ("Agreements between documents",
                   "Pairs of claims from different documents that say the same (agree) or are consistent (compatible).",
                   "consensus"),
    "contradictions_within_document": ("Contradictions within one document",
                                       "Pairs of claims in one document that contradict each other.", "disputed"),
}
"""Each side-by-side view: its title, what it holds, and the status of the questions it mostly feeds."""


def _pair_view_html(database: str, description: str, status: str) -> str:
    return (f"<p>{escape(description)} Every pair, paged; each row names its question, and a click on a sentence "
            f"shows it in its document. By question: <a href=\"/{escape(database)}/questions?status={status}"
            f"&amp;_sort_desc=n_documents\">the {status} questions</a>, each with its positions and pairs.</p>")
PAIR_COLUMNS = {
    "question_id": "The question both claims answer (click: its positions and pairs).",
    "verdict": "The verdict for the two claims' times.",
    "sentence_a": "The first claim's sentence (click: its context).", "document_a_title": "Its document.",
    "sentence_b": "The second claim's sentence.", "document_b_title": "Its document.", "reason": "Why, in one line.",
    "subject": "What both claims are about.", "predicate": "What they say about it.", "event": "For dates: which event.",
    "object": "The shared object, where the comparison key has one.", "comparison_id": "The two claim ids.",
    "claim_a": "The first claim (smaller id).", "claim_b": "The second claim.", "document_a": "Document of claim_a.",
    "document_b": "Document of claim_b.", "sentence_a_id": "Sentence of claim_a.", "sentence_b_id": "Sentence of claim_b.",
}


def canned_queries() -> dict:
    """Named queries with titles and descriptions; sentence columns render highlighted. None shares a
    name with a table or view (a canned query of a view's name would hide the view and its paging)."""
    return {name: {**query, "hide_sql": True} for name, query in _queries().items()}


def _queries() -> dict:
    claim_columns = f"""{CLAIM_TEXT} AS claim, s.text AS sentence, cl.document_id, cl.modality,
  cl.subject, cl.predicate, cl.event, cl.object, cl.value_min, cl.value_max, cl.date_start, cl.date_end, cl.negated,
  cl.holder, s.id AS sentence_id, cl.id AS claim_id"""
    joins = "FROM claims cl JOIN sentences s ON s.id = cl.sentence_id"

    def sentences_of(columns: str, predicate: str, order: str, join: str = "") -> str:
        """The claims of one predicate with their document and sentence (highlighted on the page)."""
        return (f"SELECT {columns},\n  s.text AS sentence, cl.document_id, s.id AS sentence_id, cl.id AS claim_id\n"
                f"{joins}{join}\nWHERE cl.predicate = '{predicate}' ORDER BY {order}")

    return {
        "body": {
            "title": "Everything the corpus says about a body",
            "description": "Claims whose subject or object is the body, named in any form: full name, plural, "
                           "capitalised, acronym (try ICBs, integrated care boards, Clinical Commissioning Groups, NHS England).",
            "sql": f"""SELECT {claim_columns}
{joins}
WHERE cl.subject IN {_NAMED} OR cl.object IN {_NAMED}
ORDER BY cl.document_id, s.idx""",
        },
        "find_document": {
            "title": "Find a document by its title",
            "description": "Documents whose title (or file name) holds the words given, any case: each links to its "
                           "text, and the text page to its report.",
            "sql": """SELECT d.id AS document_id, d.id AS report, d.publisher, d.published, d.n_sentences,
  (SELECT COUNT(*) FROM claims WHERE document_id = d.id) AS claims, d.path, d.status
FROM documents d
WHERE d.title LIKE '%' || :title || '%' OR d.path LIKE '%' || :title || '%'
ORDER BY d.title""",
        },
        "document_claims": {
            "title": "The claims of one document",
            "description": "Every claim of the document whose id or title (any part) is given.",
            "sql": f"""SELECT {claim_columns}
{joins} JOIN documents d ON d.id = cl.document_id
WHERE d.id = CAST(:document AS INTEGER) OR d.title LIKE '%' || :document || '%'
ORDER BY cl.document_id, s.idx""",
        },
        "timeline": {
            "title": "Timeline of dated events across documents",
            "description": "Every dated claim, earliest first, with the document that dates it and the sentence.",
            "sql": sentences_of("date_text(cl.date_start, cl.date_end, cl.date_granularity) AS date, cl.subject, cl.event, "
                                "cl.modality, cl.negated, cl.date_start, cl.date_end",
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
                                "raises_concern", "cl.object, cl.document_id"),
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
                    "query": """SELECT d.title AS document, words('predicate', cl.predicate) AS predicate, COUNT(*) AS claims
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
                    "query": """SELECT cl.date_start AS date, cl.subject || ': ' || words('event', cl.event) AS event,
  d.title AS document FROM claims cl JOIN documents d ON d.id = cl.document_id
WHERE cl.predicate = 'dated' AND cl.date_start IS NOT NULL""",
                    "library": "vega-lite",
                    "display": {
                        "mark": {"type": "point", "filled": True, "size": 80, "tooltip": True},
                        "encoding": {
                            "x": {"field": "date", "type": "temporal", "title": "date",
                                  "axis": {"format": "%b %Y", "labelAngle": -40, "labelOverlap": True}},
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
