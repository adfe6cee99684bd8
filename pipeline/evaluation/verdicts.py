"""Verdicts scored alone: the comparison logic (compare/verdicts.py) on gold claim pairs, against
the verdicts a person judged (a gold `comparisons.jsonl`), with precision and recall per verdict,
`contradict` first: a contradiction is the strongest thing the pipeline tells a reader.

The claims are the gold claims and each speaks of its gold time: the time the annotator gave it
(`as_of_start`, `as_of_end`, where the sentence fixes one), else its document's time as judged
in `annotations/dev/gold/document_times.yml` (seeds and dev), else as the pipeline reads it from
the gold dates. The dated changes the gold claims state order the states they separate, as in a
run. So extraction errors do not enter these figures: they measure the verdicts alone.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from .. import paths
from ..compare.verdicts import BodyKinds, verdict_for
from .metrics import PRF, ratio

DOCUMENT_TIMES = paths.ANNOTATIONS / "dev" / "gold" / "document_times.yml"
VERDICT_ORDER = ("contradict", "changed", "differ", "compatible", "agree")


def gold_document_times(path: Path = DOCUMENT_TIMES) -> dict[str, tuple[str | None, str | None]]:
    """{document file name: (start, end)} as judged (None: a bound nothing fixes)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    iso = lambda v: None if v is None else str(v)  # noqa: E731  (YAML reads 2021-04-01 as a date)
    return {name: (iso(t.get("start")), iso(t.get("end"))) for name, t in data.items()}


def with_gold_time(claim: dict, document_time: tuple[str | None, str | None]) -> dict:
    """The claim at the time it speaks of: its own as annotated (a missing bound stays unknown), else its document's."""
    if "as_of_start" in claim or "as_of_end" in claim:
        return {**claim, "as_of_start": claim.get("as_of_start"), "as_of_end": claim.get("as_of_end")}
    return {**claim, "as_of_start": document_time[0], "as_of_end": document_time[1]}


def score_verdicts(claims: dict[str, dict], gold_pairs: list[dict], kinds: BodyKinds,
                   document_times: dict[str, tuple[str | None, str | None]]) -> dict:
    """Per-verdict precision and recall of `verdict_for` on `gold_pairs` ({claim_a, claim_b, verdict}).
    `claims`: every gold claim by id, each with its `document`; `document_times`: each document's time.
    A pair whose claims are missing is skipped and counted (`skipped`); a pair the logic does not
    compare at all counts as the verdict "none". Precision (recall) is None for a verdict never
    predicted (never in the gold)."""
    timed = {cid: with_gold_time(c, document_times.get(c.get("document")) or (None, None)) for cid, c in claims.items()}
    transitions = list(timed.values())
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    skipped, errors = 0, []
    for pair in gold_pairs:
        a, b = timed.get(pair["claim_a"]), timed.get(pair["claim_b"])
        if a is None or b is None:
            skipped += 1
            continue
        got = verdict_for(a, b, kinds, transitions)
        verdict = got[0] if got else "none"
        confusion[pair["verdict"]][verdict] += 1
        if verdict != pair["verdict"]:
            errors.append({"claim_a": pair["claim_a"], "claim_b": pair["claim_b"], "gold": pair["verdict"],
                           "predicted": verdict, "reason": got[1] if got else None})
    found = {v for row in confusion.values() for v in row} | set(confusion)
    per_verdict = {}
    for v in [*VERDICT_ORDER, *sorted(found - set(VERDICT_ORDER))]:
        tp = confusion.get(v, {}).get(v, 0)
        predicted = sum(row.get(v, 0) for row in confusion.values())
        gold = sum(confusion.get(v, {}).values())
        counts = PRF.of(tp, predicted, gold).as_dict()
        per_verdict[v] = {**counts, "precision": ratio(tp, predicted), "recall": ratio(tp, gold),
                          "gold": gold, "predicted": predicted}
    total = sum(sum(row.values()) for row in confusion.values())
    return {
        "gold_pairs": total,
        "skipped": skipped,
        "verdict_accuracy": ratio(sum(confusion[v].get(v, 0) for v in list(confusion)), total),
        "per_verdict": per_verdict,
        "contradict_precision": ratio(per_verdict.get("contradict", {}).get("tp", 0),
                                      per_verdict.get("contradict", {}).get("predicted", 0)),
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "errors": errors,
    }


def format_verdicts(scores: dict, name: str = "") -> list[str]:
    """The verdict table of `make eval`: one line per verdict, contradict first."""
    fmt = lambda v: "  -  " if v is None else f"{v:.3f}"  # noqa: E731  (no pairs: no figure)
    lines = [f"Verdicts{' (' + name + ')' if name else ''}: accuracy {fmt(scores['verdict_accuracy'])} on "
             f"{scores['gold_pairs']} gold pairs" + (f" ({scores['skipped']} skipped)" if scores.get("skipped") else ""),
             "  verdict      P     R     F1   gold pred"]
    for verdict, s in scores["per_verdict"].items():
        f1 = s["f1"] if s["gold"] and s["predicted"] else None
        lines.append(f"  {verdict:<10} {fmt(s['precision'])} {fmt(s['recall'])} {fmt(f1)} {s['gold']:>5} {s['predicted']:>4}")
    return lines
