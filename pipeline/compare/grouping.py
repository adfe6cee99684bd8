"""Grouping: claims that say the same thing form one group, compared once with each other group
of their block (comparison key). Each group pair keeps its `Judgement` (compare/verdicts.py): a
verdict that time does not change, or the verdicts for the same known time, for known disjoint
times, for times that cannot be placed, and which group is the affirmed one (for stated changes);
the `comparisons` view picks per claim pair from the two claims' times and the corpus's stated
changes, so that a claim's time, or a change stated by a later document, never makes a group
pair be judged again. `compare_claims` is the same comparison pair by pair, the reference the
grouped one is tested against."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from .reasons import label, note, value_text
from .time import is_transition
from .verdicts import BodyKinds, comparison_key, judge, judge_values, resolve, shared_subject


def compare_claims(claims: list[dict], kinds: BodyKinds, within_document: bool = False) -> Iterator[dict]:
    """Comparison rows for every pair of claims sharing a key, from different documents (or, with
    `within_document`, from the same one); claims need id and document_id. Dated changes among
    `claims` order the states they separate."""
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    transitions = [c for c in claims if is_transition(c)]
    for claim in claims:
        key = comparison_key(claim)
        if key is not None:
            blocks[key].append(claim)
    for block in blocks.values():
        block.sort(key=lambda c: c["id"])
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if (a["document_id"] == b["document_id"]) != within_document:
                    continue
                judgement = judge(a, b, kinds)
                if judgement is None:
                    continue
                verdict, reason = resolve(judgement, a, b, kinds, transitions)
                yield {"claim_a": a["id"], "claim_b": b["id"], "document_a": a["document_id"],
                       "document_b": b["document_id"], "subject": shared_subject(a, b, kinds), "predicate": a["predicate"],
                       "event": a.get("event"), "object": a.get("object") if a["predicate"] != "has_status" else None,
                       "verdict": verdict, "reason": reason}


SIGNATURE_FIELDS = ("subject", "predicate", "event", "object", "value_min", "value_max", "date_start", "date_end",
                    "date_granularity", "modality", "negated")
"""What makes two claims say the same thing. Time (`as_of`) is left out on purpose: it differs in
nearly every document, so keeping it would make groups as many as claims. The verdicts that
depend on time are picked per claim pair instead (see the module docstring)."""


def signature(claim: dict) -> str:
    return json.dumps([claim.get(f) for f in SIGNATURE_FIELDS])


def block_of(claim: dict) -> str | None:
    key = comparison_key(claim)
    return None if key is None else json.dumps(key)


def group_texts(claim: dict) -> dict:
    """What a group says, in words: its `label` and `note` (a reason's side) and its `value_text`
    (its answer to its block's question, a position)."""
    return {"label": label(claim), "note": note(claim), "value_text": value_text(claim)}


class GroupPair(NamedTuple):
    """The verdict row of two groups of one block (table group_comparisons; see the module docstring)."""

    group_a: int
    group_b: int
    subject: str | None
    predicate: str
    event: str | None
    object: str | None
    verdict: str
    reason: str
    verdict_apart: str | None
    reason_apart: str | None
    verdict_unknown: str | None
    positive_group: int | None


def new_group_pairs(groups_by_block: dict[str, list[dict]], new_ids: set[int], kinds: BodyKinds) -> Iterator[GroupPair]:
    """Verdict rows for every pair of groups in a block (a group with itself included) of which at
    least one is new: adding a document costs its new statements times their blocks, not a rebuild.
    Each group is {"id", "claim"} with `claim` a representative claim record."""
    for block in groups_by_block.values():
        if not any(g["id"] in new_ids for g in block):
            continue
        ordered = sorted(block, key=lambda g: g["id"])
        for i, a in enumerate(ordered):
            claim = a["claim"]
            predicate, event = claim["predicate"], claim.get("event")
            obj = claim.get("object") if predicate != "has_status" else None
            for b in ordered[i:]:
                if a["id"] not in new_ids and b["id"] not in new_ids:
                    continue
                subject = shared_subject(claim, b["claim"], kinds)  # one block: one key, so only the subjects may differ
                if subject is None:
                    continue
                judgement = judge_values(claim, b["claim"], kinds)
                timed = judgement.apart is not None
                yield GroupPair(a["id"], b["id"], subject, predicate, event, obj, judgement.verdict, judgement.why,
                                "changed" if timed else None, judgement.apart, "differ" if timed else None,
                                None if judgement.positive is None else (a, b)[judgement.positive]["id"])
