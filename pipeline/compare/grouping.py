"""Grouping: claims that say the same thing form one group, compared once with each other group
of their block (comparison key); each group pair keeps a verdict for overlapping times and one
for times apart, and the `comparisons` view picks per claim pair. `compare_claims` is the same
comparison pair by pair, the reference the grouped one is tested against."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from .verdicts import BodyKinds, comparison_key, shared_subject, verdict_for


def compare_claims(claims: list[dict], kinds: BodyKinds) -> Iterator[dict]:
    """Comparison rows for every cross-document pair sharing a key; claims need id and document_id."""
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        key = comparison_key(claim)
        if key is not None:
            blocks[key].append(claim)
    for block in blocks.values():
        block.sort(key=lambda c: c["id"])
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a["document_id"] == b["document_id"]:
                    continue
                result = verdict_for(a, b, kinds)
                if result is None:
                    continue
                verdict, reason = result
                yield {"claim_a": a["id"], "claim_b": b["id"], "document_a": a["document_id"],
                       "document_b": b["document_id"], "subject": shared_subject(a, b, kinds), "predicate": a["predicate"],
                       "event": a.get("event"), "object": a.get("object") if a["predicate"] != "has_status" else None,
                       "verdict": verdict, "reason": reason}


SIGNATURE_FIELDS = ("subject", "predicate", "event", "object", "value_min", "value_max", "date_start", "date_end",
                    "date_granularity", "modality", "negated")
"""What makes two claims say the same thing. Time (`as_of`) is left out on purpose: it differs in
nearly every document, so keeping it would make groups as many as claims. Instead each group pair
carries two verdicts, one for claims speaking of the same time and one for different times, and
the `comparisons` view picks per claim pair (`time_aware_verdicts`)."""


def signature(claim: dict) -> str:
    return json.dumps([claim.get(f) for f in SIGNATURE_FIELDS])


def block_of(claim: dict) -> str | None:
    key = comparison_key(claim)
    return None if key is None else json.dumps(key)


_ANY_TIME = {"as_of_start": None, "as_of_end": None}
_EARLY, _LATE = {"as_of_start": None, "as_of_end": "1000-01-01"}, {"as_of_start": "3000-01-01", "as_of_end": None}
"""Times put on both claims of a group pair to ask the verdict for overlapping times, then for times apart."""


def time_aware_verdicts(a: dict, b: dict, kinds: BodyKinds) -> tuple[str, str, str | None, str | None] | None:
    """(verdict, reason) when the two claims speak of overlapping times, then the (verdict, reason)
    when they do not, or (None, None) if time makes no difference; None if they share no key."""
    timed = any(c.get(f) for c in (a, b) for f in _ANY_TIME)
    same = verdict_for({**a, **_ANY_TIME}, {**b, **_ANY_TIME}, kinds) if timed else verdict_for(a, b, kinds)
    if same is None or same[0] != "contradict":  # only a contradiction can turn into a change over time
        return None if same is None else (*same, None, None)
    apart = verdict_for({**a, **_EARLY}, {**b, **_LATE}, kinds)
    return (*same, None, None) if apart == same else (*same, *apart)


def new_group_pairs(groups_by_block: dict[str, list[dict]], new_ids: set[int], kinds: BodyKinds) -> Iterator[dict]:
    """Verdict rows for every pair of groups in a block (a group with itself included) of which at
    least one is new: adding a document costs its new statements times their blocks, not a rebuild.
    Each group is {"id", "claim"} with `claim` a representative claim record."""
    for block in groups_by_block.values():
        if not any(g["id"] in new_ids for g in block):
            continue
        ordered = sorted(block, key=lambda g: g["id"])
        for i, a in enumerate(ordered):
            for b in ordered[i:]:
                if a["id"] not in new_ids and b["id"] not in new_ids:
                    continue
                result = time_aware_verdicts(a["claim"], b["claim"], kinds)
                if result is None:
                    continue
                claim = a["claim"]
                yield {"group_a": a["id"], "group_b": b["id"], "subject": shared_subject(a["claim"], b["claim"], kinds),
                       "predicate": claim["predicate"], "event": claim.get("event"),
                       "object": claim.get("object") if claim["predicate"] != "has_status" else None,
                       "verdict": result[0], "reason": result[1], "verdict_apart": result[2],
                       "reason_apart": result[3]}
