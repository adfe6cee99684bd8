"""Evaluation (`make eval`): the pipeline scored against the gold in annotations/gold/.

Trained components are evaluated leave-one-document-out: the document being scored is
never in the training data of the model that tags it. Matching rules are those of
annotations/GUIDELINES.md §14. The scoring functions are pure and tested on hand-made
cases (tests/test_evaluate.py).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from .gold import GOLD_DIR, gold_documents, read_comparisons
from .registry import load_registry

from .paths import CORPUS as CORPUS_DIR


# ---------------------------------------------------------------- scoring primitives
def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def match_spans(gold: list[dict], pred: list[dict], strict: bool) -> list[tuple[dict, dict]]:
    """One-to-one pairs of same-label spans: equal offsets (strict) or overlapping (relaxed)."""
    pairs, used = [], set()
    for g in gold:
        best = None
        for i, p in enumerate(pred):
            if i in used or p["label"] != g["label"]:
                continue
            if strict and (p["start"], p["end"]) != (g["start"], g["end"]):
                continue
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if overlap <= 0:
                continue
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def value_correct(g: dict, p: dict) -> bool:
    """Does the predicted normalised value equal the gold one (SPEC §3 fields by label)?"""
    label = g["label"]
    if label in ("BODY", "POLICY", "DUTY", "CONCERN"):
        return (g.get("canonical") or "").lower() == (p.get("canonical") or "").lower()
    if label == "DATE":
        return (g.get("date_start"), g.get("date_end")) == (p.get("date_start"), p.get("date_end"))
    if label == "POPULATION":
        return (g.get("pop_min"), g.get("pop_max")) == (p.get("pop_min"), p.get("pop_max"))
    return True


def score_entities(gold: list[dict], pred: list[dict], labels: Iterable[str]) -> dict:
    """Per label: strict and relaxed P/R/F1 and value accuracy on relaxed matches."""
    out = {}
    for label in labels:
        g = [e for e in gold if e["label"] == label]
        p = [e for e in pred if e["label"] == label]
        strict = match_spans(g, p, strict=True)
        relaxed = match_spans(g, p, strict=False)
        correct = sum(value_correct(a, b) for a, b in relaxed)
        out[label] = {
            "strict": prf(len(strict), len(p) - len(strict), len(g) - len(strict)),
            "relaxed": prf(len(relaxed), len(p) - len(relaxed), len(g) - len(relaxed)),
            "value_accuracy": round(correct / len(relaxed), 4) if relaxed else None,
            "value_matched": len(relaxed), "gold": len(g), "predicted": len(p),
        }
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _interval(c: dict) -> tuple[dt.date, dt.date] | None:
    try:
        return dt.date.fromisoformat(c["date_start"]), dt.date.fromisoformat(c["date_end"])
    except (KeyError, TypeError, ValueError):
        return None


def claims_match(g: dict, p: dict) -> bool:
    """GUIDELINES §14: same sentence, predicate and subject, then the predicate's key."""
    if g["predicate"] != p["predicate"] or not _overlap(g["span"], p["span"]):
        return False
    predicate = g["predicate"]
    if predicate == "merges_with":
        return {g["subject"], g.get("object")} == {p["subject"], p.get("object")}
    if (g.get("subject") or "").lower() != (p.get("subject") or "").lower():
        return False
    if predicate == "dated":
        gi, pi = _interval(g), _interval(p)
        return g.get("event") == p.get("event") and gi is not None and pi is not None and gi[0] <= pi[1] and pi[0] <= gi[1]
    if predicate in ("has_population", "has_count"):
        return (_num(g.get("value_min")), _num(g.get("value_max"))) == (_num(p.get("value_min")), _num(p.get("value_max")))
    return (g.get("object") or "").lower() == (p.get("object") or "").lower()


def _num(value):
    return None if value is None else float(value)


def match_claims(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and claims_match(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score_claims(gold: list[dict], pred: list[dict], predicates: Iterable[str]) -> dict:
    out = {}
    all_pairs = []
    for predicate in predicates:
        g = [c for c in gold if c["predicate"] == predicate]
        p = [c for c in pred if c["predicate"] == predicate]
        pairs = match_claims(g, p)
        all_pairs += pairs
        out[predicate] = prf(len(pairs), len(p) - len(pairs), len(g) - len(pairs))
        out[predicate].update(gold=len(g), predicted=len(p))
    modality = [a.get("modality") == b.get("modality") for a, b in all_pairs]
    negation = [int(a.get("negated") or 0) == int(b.get("negated") or 0) for a, b in all_pairs]
    out["_qualifiers"] = {
        "matched": len(all_pairs),
        "modality_accuracy": round(sum(modality) / len(modality), 4) if modality else None,
        "negation_accuracy": round(sum(negation) / len(negation), 4) if negation else None,
    }
    return out


def score_sentences(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> dict:
    tp = len(set(gold) & set(pred))
    return prf(tp, len(pred) - tp, len(gold) - tp)


def micro(scores: dict) -> dict:
    tp = sum(s["tp"] for s in scores.values() if "tp" in s)
    fp = sum(s["fp"] for s in scores.values() if "fp" in s)
    fn = sum(s["fn"] for s in scores.values() if "fn" in s)
    return prf(tp, fp, fn)


# ---------------------------------------------------------------- running the pipeline
def corpus_document(name: str):
    """The gold document `name` as the pipeline reads it from corpus/ (text and metadata), or None."""
    from .ingest import discover, read_document

    source = next((s for s in discover(CORPUS_DIR) if s.path == name), None)
    return read_document(CORPUS_DIR, source) if source else None


def default_predictor(gold_dir: Path = GOLD_DIR, use_scorer: bool = True) -> Callable[[str, str, list[str]], dict]:
    """predict(name, text, training_names) -> {"sentences", "entities", "claims"} as dicts; the claim
    scorer used is trained on `training_names` alone."""
    from .extract import Extractor

    registry = load_registry()

    def predict(name: str, text: str, training: list[str]) -> dict:
        document = corpus_document(name)
        scorer = None
        if use_scorer:
            from .scorer_training import scorer_for

            scorer = scorer_for(tuple(sorted(training)), gold_dir)
        processed = Extractor(registry, scorer).process(document)
        sentences = processed.sentences
        spans = {s.idx: (s.start_char, s.end_char) for s in sentences}
        return {
            "sentences": [(s.start_char, s.end_char) for s in sentences],
            "entities": [{"label": e.label, "start": e.start_char, "end": e.end_char, "text": e.text,
                          **{k: getattr(e, k) for k in ("canonical", "date_start", "date_end", "pop_min", "pop_max")}}
                         for e in processed.entities],
            "claims": [{**c.__dict__, "span": spans[c.sentence_idx]} for c in processed.claims],
        }

    return predict


def evaluate(gold_dir: Path = GOLD_DIR, predictor=None) -> dict:
    """The whole report: sentences, entities, claims per document pooled, comparisons."""
    registry = load_registry()
    documents = gold_documents(gold_dir)
    predict = predictor or default_predictor(gold_dir)
    gold_sents, pred_sents = [], []
    gold_ents, pred_ents, gold_claims, pred_claims = [], [], [], []
    per_document = {}
    names = sorted(documents)
    for name in names:
        gold = documents[name]
        training = [n for n in names if n != name]
        pred = predict(name, gold["text"], training)
        key = lambda items: [{**x, "document": name} for x in items]  # noqa: E731
        gold_sents += [(name, s) for s in gold["sentences"]]
        pred_sents += [(name, s) for s in pred["sentences"]]
        gold_ents += [dict(e, start=e["start"] + 0, document=name) for e in gold["entities"]]
        pred_ents += key(pred["entities"])
        gold_claims += key(gold["claims"])
        pred_claims += key(pred["claims"])
        per_document[name] = {"sentences": score_sentences(gold["sentences"], pred["sentences"]),
                              "entities": micro({k: v["relaxed"] for k, v in score_entities(
                                  gold["entities"], pred["entities"], registry.labels).items()})}
    # offsets are per document: pool by making them unique
    offset = {name: i * 10_000_000 for i, name in enumerate(names)}

    def shifted(items):
        return [{**x, "start": x["start"] + offset[x["document"]], "end": x["end"] + offset[x["document"]]} for x in items]

    def shifted_claims(items):
        return [{**x, "span": (x["span"][0] + offset[x["document"]], x["span"][1] + offset[x["document"]])} for x in items]

    report = {
        "documents": names,
        "leave_one_document_out": True,
        "sentences": score_sentences([(offset[n] + a, offset[n] + b) for n, (a, b) in gold_sents],
                                     [(offset[n] + a, offset[n] + b) for n, (a, b) in pred_sents]),
        "entities": score_entities(shifted(gold_ents), shifted(pred_ents), registry.labels),
        "claims": score_claims(shifted_claims(gold_claims), shifted_claims(pred_claims), registry.predicates),
        "comparisons": score_comparisons(documents, read_comparisons(gold_dir)),
        "per_document": per_document,
    }
    report["entities_micro_relaxed"] = micro({k: v["relaxed"] for k, v in report["entities"].items()})
    if predictor is None:  # what the claim scorer changes, against every rule candidate kept
        rules_predict = default_predictor(gold_dir, use_scorer=False)
        rules_claims = [dict(c, document=n) for n in names
                        for c in rules_predict(n, documents[n]["text"], [m for m in names if m != n])["claims"]]
        rules = score_claims(shifted_claims(gold_claims), shifted_claims(rules_claims), registry.predicates)
        report["claim_scorer_ablation"] = {p: {"with_scorer": report["claims"][p]["f1"], "rules_only": rules[p]["f1"]}
                                           for p in registry.predicates}
        report["claim_scorer_ablation"]["all"] = {
            "with_scorer": micro({k: v for k, v in report["claims"].items() if not k.startswith("_")})["f1"],
            "rules_only": micro({k: v for k, v in rules.items() if not k.startswith("_")})["f1"]}
    report["claims_micro"] = micro({k: v for k, v in report["claims"].items() if not k.startswith("_")})
    return report


def score_comparisons(documents: dict, gold_pairs: list[dict]) -> dict:
    """Verdict accuracy of the comparison logic on the gold pairs of gold claims."""
    from .compare.verdicts import BodyKinds, verdict_for

    kinds = BodyKinds.of(load_registry())

    claims = {c["id"]: c for doc in documents.values() for c in doc["claims"]}
    as_of = {name: _gold_document_as_of(name, doc) for name, doc in documents.items()}
    by_verdict: dict[str, list[bool]] = defaultdict(list)
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pair in gold_pairs:
        a, b = claims.get(pair["claim_a"]), claims.get(pair["claim_b"])
        if a is None or b is None:
            continue
        got = verdict_for(_with_as_of(a, as_of), _with_as_of(b, as_of), kinds)
        verdict = got[0] if got else "none"
        by_verdict[pair["verdict"]].append(verdict == pair["verdict"])
        confusion[pair["verdict"]][verdict] += 1
    total = [x for v in by_verdict.values() for x in v]
    predicted_contradict = sum(row.get("contradict", 0) for row in confusion.values())
    return {
        "gold_pairs": len(total),
        "verdict_accuracy": round(sum(total) / len(total), 4) if total else None,
        "per_verdict_accuracy": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_verdict.items())},
        "contradict_precision": round(confusion["contradict"].get("contradict", 0) / predicted_contradict, 4)
        if predicted_contradict else None,
        "confusion": {k: dict(v) for k, v in confusion.items()},
    }


def _gold_document_as_of(name: str, doc: dict) -> tuple[str | None, str | None]:
    """The time a gold document speaks of, worked out as the pipeline does but from the gold
    dates and sentences and the document's metadata, so the verdict logic is scored alone."""
    from .claims.candidates import ClaimRules
    from .records import Entity, Sentence

    document = corpus_document(name)
    published = document.published if document else None
    sentences = [Sentence(i, a, b, doc["text"][a:b]) for i, (a, b) in enumerate(doc["sentences"])]
    starts = [a for a, _ in doc["sentences"]]
    dates = [Entity("DATE", e["start"], e["end"], e["text"], max(i for i, a in enumerate(starts) if a <= e["start"]),
                    date_start=e.get("date_start"), date_end=e.get("date_end"))
             for e in doc["entities"] if e["label"] == "DATE"]
    return ClaimRules(load_registry()).document_as_of(published, dates, sentences)


def _with_as_of(claim: dict, as_of: dict) -> dict:
    doc_as_of = as_of.get(claim.get("document")) or (None, None)
    return {**claim, "as_of_start": claim.get("as_of_start") or doc_as_of[0],
            "as_of_end": claim.get("as_of_end") or doc_as_of[1]}


def format_report(report: dict) -> str:
    lines = [f"Gold documents: {len(report['documents'])} (trained components scored leave-one-document-out)", ""]
    s = report["sentences"]
    lines.append(f"Sentences  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (gold {s['tp'] + s['fn']})")
    lines += ["", "Entities    strict P    R     F1  | relaxed P    R     F1  | value acc | gold pred"]
    for label, e in report["entities"].items():
        st, rl = e["strict"], e["relaxed"]
        acc = "   -  " if e["value_accuracy"] is None else f"{e['value_accuracy']:.3f} "
        lines.append(f"{label:<11} {st['precision']:.3f} {st['recall']:.3f} {st['f1']:.3f} |"
                     f" {rl['precision']:.3f} {rl['recall']:.3f} {rl['f1']:.3f} |  {acc}   | {e['gold']:>4} {e['predicted']:>4}")
    m = report["entities_micro_relaxed"]
    lines.append(f"{'all':<11} relaxed micro P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
    lines += ["", "Claims            P     R     F1   gold pred"]
    for predicate, c in report["claims"].items():
        if predicate.startswith("_"):
            continue
        lines.append(f"{predicate:<16} {c['precision']:.3f} {c['recall']:.3f} {c['f1']:.3f} {c['gold']:>5} {c['predicted']:>4}")
    m, q = report["claims_micro"], report["claims"]["_qualifiers"]
    lines.append(f"{'all':<16} {m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f}")
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    lines.append(f"on {q['matched']} matched claims: modality accuracy {fmt(q['modality_accuracy'])}, "
                 f"negation accuracy {fmt(q['negation_accuracy'])}")
    if "claim_scorer_ablation" in report:
        lines += ["", "Claim scorer (F1)  with  rules only"]
        for predicate, ab in report["claim_scorer_ablation"].items():
            lines.append(f"{predicate:<16} {ab['with_scorer']:.3f} {ab['rules_only']:.3f}")
    c = report["comparisons"]
    lines += ["", f"Comparisons: verdict accuracy {fmt(c['verdict_accuracy'])} on {c['gold_pairs']} gold pairs; "
                  f"contradict precision {fmt(c['contradict_precision'])}"]
    for verdict, acc in c["per_verdict_accuracy"].items():
        lines.append(f"  {verdict:<11} {acc:.3f}  {c['confusion'].get(verdict, {})}")
    return "\n".join(lines)
