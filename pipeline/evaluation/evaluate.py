"""Evaluation (`make eval`): the pipeline scored against the gold in annotations/gold/.

Trained components are evaluated leave-one-document-out: the document being scored is never in
the training data of the model that grades its claims. This module does not train: the caller
passes `scorer_for(training_names)` (pipeline/training/ provides it), so evaluation and training
do not import each other. Scores are counts summed over documents (pipeline/evaluation/metrics.py).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..claims.candidates import ClaimRules, chosen_claims
from ..compare.verdicts import BodyKinds
from ..extract import Extractor
from ..records import Claim, Entity, ProcessedDocument, Sentence
from .gold import GOLD_DIR, corpus_document, gold_documents, read_comparisons
from .metrics import PRF, ClaimCounts, EntityCounts, count_claims, count_entities, count_sentences, micro
from .verdicts import gold_document_times, score_verdicts

ScorerFor = Callable[[tuple[str, ...]], object]
"""training names -> a claim scorer trained on exactly those gold documents (or None)."""


def predicted(processed: ProcessedDocument, claims: list[Claim]) -> dict:
    """What the pipeline found in a document, as the dicts the gold is read into."""
    spans = {s.idx: (s.start_char, s.end_char) for s in processed.sentences}
    return {
        "sentences": [(s.start_char, s.end_char) for s in processed.sentences],
        "entities": [{"label": e.label, "start": e.start_char, "end": e.end_char, "text": e.text,
                      **{k: getattr(e, k) for k in ("canonical", "date_start", "date_end", "pop_min", "pop_max")}}
                     for e in processed.entities],
        "claims": [{**c.__dict__, "span": spans[c.sentence_idx]} for c in claims],
    }


def evaluate(extractor: Extractor, scorer_for: ScorerFor | None = None, gold_dir: Path = GOLD_DIR) -> dict:
    """The whole report: sentences, entities, claims (counts summed over the gold documents, each
    scored with a claim scorer trained on the others when `scorer_for` is given), comparisons.
    `extractor`'s own scorer is not used."""
    registry = extractor.registry
    documents = gold_documents(gold_dir)
    names = sorted(documents)
    sentences, entities, claims, rules_claims = PRF(), {label: EntityCounts() for label in registry.labels}, \
        ClaimCounts(), ClaimCounts()
    per_document = {}
    for name in names:
        gold = documents[name]
        found, candidates = _found(extractor, name)
        scorer = scorer_for(tuple(n for n in names if n != name)) if scorer_for else None
        pred = predicted(found, chosen_claims(candidates, scorer))
        document_entities = count_entities(gold["entities"], pred["entities"], registry.labels)
        sentences += count_sentences(gold["sentences"], pred["sentences"])
        entities = {label: entities[label] + document_entities[label] for label in entities}
        claims += count_claims(gold["claims"], pred["claims"], registry.predicates)
        if scorer_for:
            rules_claims += count_claims(gold["claims"], predicted(found, chosen_claims(candidates, None))["claims"],
                                         registry.predicates)
        per_document[name] = {"sentences": count_sentences(gold["sentences"], pred["sentences"]).as_dict(),
                              "entities": micro({k: v.relaxed.as_dict() for k, v in document_entities.items()})}
    report = {
        "documents": names,
        "leave_one_document_out": True,
        "sentences": sentences.as_dict(),
        "entities": {label: counts.as_dict() for label, counts in entities.items()},
        "claims": claims.as_dict(),
        "comparisons": score_comparisons(documents, read_comparisons(gold_dir), extractor.claims, BodyKinds.of(registry)),
        "per_document": per_document,
    }
    report["entities_micro_relaxed"] = micro({k: v["relaxed"] for k, v in report["entities"].items()})
    if scorer_for:  # what the claim scorer changes, against every rule candidate kept
        rules = rules_claims.as_dict()
        report["claim_scorer_ablation"] = {p: {"with_scorer": report["claims"][p]["f1"], "rules_only": rules[p]["f1"]}
                                           for p in registry.predicates}
        report["claim_scorer_ablation"]["all"] = {
            "with_scorer": micro({k: v for k, v in report["claims"].items() if not k.startswith("_")})["f1"],
            "rules_only": micro({k: v for k, v in rules.items() if not k.startswith("_")})["f1"]}
    report["claims_micro"] = micro({k: v for k, v in report["claims"].items() if not k.startswith("_")})
    return report


def _found(extractor: Extractor, name: str):
    """The gold document's sentences and entities as the pipeline finds them, and its claim candidates."""
    document = corpus_document(name)
    sentences, entities, candidates = extractor.candidates_of(document)
    return ProcessedDocument(document, sentences, entities), candidates


def score_comparisons(documents: dict, gold_pairs: list[dict], rules: ClaimRules, kinds: BodyKinds) -> dict:
    """Precision and recall per verdict of the comparison logic on the gold pairs of gold claims
    (evaluation/verdicts.py), each document at its judged time (annotations/dev/gold/document_times.yml),
    or where none is judged, at the time the pipeline reads from its gold dates."""
    judged = gold_document_times()
    times = {name: judged.get(name) or _gold_document_as_of(name, doc, rules) for name, doc in documents.items()}
    claims = {c["id"]: c for doc in documents.values() for c in doc["claims"]}
    return score_verdicts(claims, gold_pairs, kinds, times)


def _gold_document_as_of(name: str, doc: dict, rules: ClaimRules) -> tuple[str | None, str | None]:
    """The time a gold document speaks of, worked out as the pipeline does but from the gold
    dates and sentences and the document's metadata, so the verdict logic is scored alone."""
    document = corpus_document(name)
    published = document.published if document else None
    sentences = [Sentence(i, a, b, doc["text"][a:b]) for i, (a, b) in enumerate(doc["sentences"])]
    starts = [a for a, _ in doc["sentences"]]
    dates = [Entity("DATE", e["start"], e["end"], e["text"], max(i for i, a in enumerate(starts) if a <= e["start"]),
                    date_start=e.get("date_start"), date_end=e.get("date_end"))
             for e in doc["entities"] if e["label"] == "DATE"]
    return rules.document_as_of(published, dates, sentences)
