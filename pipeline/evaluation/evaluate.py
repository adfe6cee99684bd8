"""Evaluation (`make eval`): the pipeline scored against the gold of the seeds and of the development set.

Trained components are evaluated leave-one-document-out: the document being scored is never in
the training data of the model that grades its claims. This module does not train: the caller
passes `scorer_for(training_names)` (pipeline/training/ provides it), so evaluation and training
do not import each other. Scores are counts summed over documents (pipeline/evaluation/metrics.py).
"""
from __future__ import annotations

from collections.abc import Callable

from ..claims.candidates import ClaimRules, chosen_claims
from ..compare.verdicts import BodyKinds
from ..extract import Extractor
from ..records import Claim, Entity, ProcessedDocument, Sentence
from .gold import DEV, SEEDS, gold_documents
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


def evaluate(extractor: Extractor, scorer_for: ScorerFor | None = None) -> dict:
    """Both columns of `make eval`: the seeds, each scored with a claim scorer trained on the other
    seeds (leave one document out), and the development set, scored with everything trained on the
    seeds alone, so that dev is text the pipeline has never learnt from."""
    seeds = gold_documents(SEEDS)
    seed_names = tuple(sorted(seeds))
    report = {"seeds": evaluate_set(
        extractor, seeds, (lambda name: scorer_for(tuple(n for n in seed_names if n != name))) if scorer_for else None,
        score_comparisons(seeds, SEEDS.comparisons(), extractor.claims, BodyKinds.of(extractor.registry)))}
    report["seeds"]["leave_one_document_out"] = True
    dev = gold_documents(DEV) if DEV.gold_dir.is_dir() else {}
    if dev:
        report["dev"] = evaluate_set(
            extractor, dev, (lambda name: scorer_for(seed_names)) if scorer_for else None,
            score_comparisons({**seeds, **dev}, DEV.comparisons(), extractor.claims, BodyKinds.of(extractor.registry)))
        report["dev"]["trained_on"] = list(seed_names)
    return report


def evaluate_set(extractor: Extractor, documents: dict, scorer_of: Callable[[str], object] | None,
                 comparisons: dict) -> dict:
    """One column: sentences, entities, claims (counts summed over the documents, each graded by
    `scorer_of(name)` when given), per document and per publisher, and the comparisons' scores."""
    registry = extractor.registry
    registered_duties = frozenset(registry.duties)
    names = sorted(documents)
    sentences, entities, claims, rules_claims = PRF(), {label: EntityCounts() for label in registry.labels}, \
        ClaimCounts(), ClaimCounts()
    per_document, per_publisher = {}, {}
    for name, gold, found, candidates, pred in predictions(extractor, documents, scorer_of):
        document_entities = count_entities(gold["entities"], pred["entities"], registry.labels)
        document_claims = count_claims(gold["claims"], pred["claims"], registry.predicates, registered_duties)
        sentences += count_sentences(gold["sentences"], pred["sentences"])
        entities = {label: entities[label] + document_entities[label] for label in entities}
        claims += document_claims
        if scorer_of:
            rules_claims += count_claims(gold["claims"], predicted(found, chosen_claims(candidates, None))["claims"],
                                         registry.predicates, registered_duties)
        per_document[name] = {"sentences": count_sentences(gold["sentences"], pred["sentences"]).as_dict(),
                              "entities": micro({k: v.relaxed.as_dict() for k, v in document_entities.items()}),
                              "claims": _claims_micro(document_claims.as_dict()),
                              "publisher": gold["document"].publisher, "gold_spans_lost": gold["lost"]}
        publisher = gold["document"].publisher or "(no publisher in the metadata)"
        entity_counts, claim_counts = per_publisher.get(publisher, ({}, ClaimCounts()))
        per_publisher[publisher] = ({label: entity_counts.get(label, EntityCounts()) + counts
                                     for label, counts in document_entities.items()}, claim_counts + document_claims)
    report = {
        "documents": names,
        "sentences": sentences.as_dict(),
        "entities": {label: counts.as_dict() for label, counts in entities.items()},
        "claims": claims.as_dict(),
        "comparisons": comparisons,
        "per_document": per_document,
        "per_publisher": {publisher: {"entities": micro({k: v.relaxed.as_dict() for k, v in e.items()}),
                                      "claims": _claims_micro(c.as_dict())}
                          for publisher, (e, c) in sorted(per_publisher.items())},
        "gold_spans_lost": sum(documents[n]["lost"] for n in names),
    }
    report["entities_micro_relaxed"] = micro({k: v["relaxed"] for k, v in report["entities"].items()})
    if scorer_of:  # what the claim scorer changes, against every rule candidate kept
        rules = rules_claims.as_dict()
        report["claim_scorer_ablation"] = {p: {"with_scorer": report["claims"][p]["f1"], "rules_only": rules[p]["f1"]}
                                           for p in registry.predicates}
        report["claim_scorer_ablation"]["all"] = {"with_scorer": _claims_micro(report["claims"])["f1"],
                                                  "rules_only": _claims_micro(rules)["f1"]}
    report["claims_micro"] = _claims_micro(report["claims"])
    return report


def predictions(extractor: Extractor, documents: dict, scorer_of: Callable[[str], object] | None):
    """For each gold document, in name order: its name, its gold, what the pipeline found (sentences and
    entities), the rules' claim candidates, and the predicted records (claims graded by `scorer_of(name)`)."""
    for name in sorted(documents):
        gold = documents[name]
        found, candidates = _found(extractor, gold["document"])
        yield name, gold, found, candidates, predicted(found, chosen_claims(candidates, scorer_of(name) if scorer_of else None))


def _claims_micro(claims: dict) -> dict:
    return micro({k: v for k, v in claims.items() if not k.startswith("_")})


def _found(extractor: Extractor, document):
    """The gold document's sentences and entities as the pipeline finds them, and its claim candidates."""
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
    published = doc["document"].published
    sentences = [Sentence(i, a, b, doc["text"][a:b]) for i, (a, b) in enumerate(doc["sentences"])]
    starts = [a for a, _ in doc["sentences"]]
    dates = [Entity("DATE", e["start"], e["end"], e["text"], max(i for i, a in enumerate(starts) if a <= e["start"]),
                    date_start=e.get("date_start"), date_end=e.get("date_end"))
             for e in doc["entities"] if e["label"] == "DATE"]
    return rules.document_as_of(published, dates, sentences)
