"""`python -m pipeline eval --errors`: every missed and spurious item, grouped so that a person sees
the categories of error rather than a list of cases.

Entities are grouped by label, then by kind of error (missed with nothing there, missed under another
label, spurious, wrong value) and by canonical; claims by predicate, then by kind (the subject differs,
the value or object differs, no claim of the predicate in the sentence), each with its sentence.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from functools import partial

from ..intervals import spans_overlap
from .metrics import match_claims, match_spans, value_correct


def entity_errors(gold: list[dict], pred: list[dict], labels) -> dict[tuple[str, str], list[tuple[dict, dict | None]]]:
    """(label, kind) -> [(the entity, the other side's entity if any)]."""
    out: dict[tuple[str, str], list] = defaultdict(list)
    for label in labels:
        g = [e for e in gold if e["label"] == label]
        p = [e for e in pred if e["label"] == label]
        pairs = match_spans(g, p, strict=False)
        matched_gold, matched_pred = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        for a, b in pairs:
            if not value_correct(a, b):
                out[(label, "wrong value")].append((a, b))
        for e in g:
            if id(e) not in matched_gold:
                other = next((q for q in pred if q["label"] != label
                              and spans_overlap((q["start"], q["end"]), (e["start"], e["end"]))), None)
                out[(label, f"missed, tagged {other['label']}" if other else "missed")].append((e, other))
        for e in p:
            if id(e) not in matched_pred:
                out[(label, "spurious")].append((e, None))
    return out


def _same(a: dict, b: dict, *fields: str) -> bool:
    return all((a.get(f) or None) == (b.get(f) or None) for f in fields)


def claim_errors(gold: list[dict], pred: list[dict], predicates, registered_duties=None) -> dict[tuple[str, str], list]:
    """(predicate, kind) -> [(the claim, the nearest claim on the other side if any)]."""
    out: dict[tuple[str, str], list] = defaultdict(list)
    for predicate in predicates:
        g = [c for c in gold if c["predicate"] == predicate]
        p = [c for c in pred if c["predicate"] == predicate]
        pairs = match_claims(g, p, registered_duties)
        matched_gold, matched_pred = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        for side, mine, theirs, matched in (("missed", g, p, matched_gold), ("spurious", p, g, matched_pred)):
            for c in mine:
                if id(c) in matched:
                    continue
                near = [o for o in theirs if spans_overlap(o["span"], c["span"])]
                same_subject = [o for o in near if (o.get("subject") or "").lower() == (c.get("subject") or "").lower()]
                if same_subject:
                    kind, other = f"{side}: same subject, other value", same_subject[0]
                elif any(_same(o, c, "object", "event", "value_min") for o in near):
                    kind, other = f"{side}: other subject", next(o for o in near if _same(o, c, "object", "event", "value_min"))
                elif near:
                    kind, other = f"{side}: other subject and value", near[0]
                else:
                    kind, other = f"{side}: none in the sentence", None
                out[(predicate, kind)].append((c, other))
    return out


def describe_entity(e: dict) -> str:
    return f"{e['text']!r} -> {e.get('canonical') or e.get('date_start') or ''}"


def describe_claim(c: dict | None) -> str:
    if c is None:
        return "-"
    value = c.get("object") or (f"{c.get('event')} {c.get('date_start')}..{c.get('date_end')}" if c["predicate"] == "dated"
                                else f"{c.get('value_min')}..{c.get('value_max')}")
    return f"{c.get('subject')} | {value} | {c.get('modality')}{' not' if c.get('negated') else ''}"


def format_errors(entity_groups: dict, claim_groups: dict, sentence_of) -> str:
    """The groups, largest first within each label or predicate; `sentence_of(record)` gives its sentence."""
    lines = []
    for title, groups, describe in (("ENTITIES", entity_groups, describe_entity), ("CLAIMS", claim_groups, describe_claim)):
        lines += ["", f"=== {title}"]
        by_head: dict[str, list] = defaultdict(list)
        for (head, kind), items in groups.items():
            by_head[head].append((kind, items))
        for head in sorted(by_head, key=lambda h: -sum(len(i) for _, i in by_head[h])):
            total = sum(len(i) for _, i in by_head[head])
            lines.append(f"\n--- {head}: {total} errors")
            for kind, items in sorted(by_head[head], key=lambda k: -len(k[1])):
                lines.append(f"  [{kind}] {len(items)}")
                for record, other in sorted(items, key=lambda pair: (describe(pair[0]), pair[0]["document"])):
                    lines.append(f"    {record['document'][:3]}  {describe(record)}"
                                 + (f"   (other side: {describe(other)})" if other is not None else ""))
                    lines.append(f"         \u00ab{sentence_of(record)[:200]}\u00bb")
    return "\n".join(lines)


def _located(name: str, gold: dict, record: dict, span: tuple[int, int] | None = None) -> dict:
    """The record with its document and the text of its sentence (for an entity, the gold sentence it is in)."""
    if span is None:
        starts = [a for a, _ in gold["sentences"]]
        i = max(0, bisect.bisect_right(starts, record["start"]) - 1)
        span = gold["sentences"][i] if starts else (record["start"], record["end"])
    return {**record, "document": name, "sentence": gold["text"][span[0]:span[1]]}


def error_listing(extractor, which: str, scorer_for=None) -> str:
    """The grouped errors of one column of `make eval` ("seeds" or "dev"), scored as that column is."""
    from .evaluate import predictions
    from .gold import DEV, SEEDS, gold_documents

    seeds = gold_documents(SEEDS)
    documents = seeds if which == "seeds" else gold_documents(DEV)
    seed_names = tuple(sorted(seeds))
    scorer_of = None
    if scorer_for is not None:
        scorer_of = ((lambda name: scorer_for(tuple(n for n in seed_names if n != name))) if which == "seeds"
                     else (lambda name: scorer_for(seed_names)))
    registry = extractor.registry
    entity_groups, claim_groups = defaultdict(list), defaultdict(list)
    for name, gold, _, _, pred in predictions(extractor, documents, scorer_of):
        located = partial(_located, name, gold)
        for key, items in entity_errors([located(e) for e in gold["entities"]], [located(e) for e in pred["entities"]],
                                        registry.labels).items():
            entity_groups[key] += items
        for key, items in claim_errors([located(c, c["span"]) for c in gold["claims"]],
                                       [located(c, c["span"]) for c in pred["claims"]], registry.predicates,
                                       frozenset(registry.duties)).items():
            claim_groups[key] += items
    return format_errors(entity_groups, claim_groups, lambda record: record["sentence"].replace("\n", " "))
