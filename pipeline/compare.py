"""Compare: claims in, one verdict per pair of claims from different documents (SPEC §5).

Claims are blocked by key (subject, predicate, and event or object) before any pair is
compared, and within a block claims that say exactly the same thing (same value,
modality and polarity, whatever their time) form one group: verdicts are computed once
per pair of groups, so the cost grows with the distinct statements sharing a key, not
with all pairs, and adding a document compares only the statements it brings that are
new. The database keeps the group verdicts and shows every claim pair through a view.
`verdict_for` is a pure function of two claim records; its rules, in order:

1. a claim that only asks or speculates (question, possibility) contradicts nothing;
2. opposite polarity (or statutory vs non-statutory): `changed` when one side is only a
   proposal, when one side is planned or required and the other stated ("will be statutory"
   against "are voluntary"), or when their as_of intervals are disjoint; else `contradict`;
3. dates as intervals: equal `agree`, nested or overlapping `compatible`, disjoint
   `changed` when either side is planned rather than stated (plans move), for an unnamed
   event, or for deadlines set at different times; else `contradict`;
4. counts and populations as ranges with open bounds: equal `agree`, overlapping
   `compatible`, disjoint `changed` across times, else `contradict`;
5. the same relation, duty or concern on both sides: `agree`; the same duty stated for a
   body and for a wider kind it belongs to (registry `broader`: NHS trust, NHS body): `compatible`;
   stated for a body and for its successor (registry `successor`: CCG, ICB): `changed`.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Iterator

ONE_OFF_EVENTS = {"published", "effective", "abolished", "merged", "royal_assent", "consultation_closed"}
CHANGING_PREDICATES = {"has_count", "has_population", "has_status"}
EVENT_NOUNS = {"published": "publication", "effective": "start", "deadline": "deadline", "abolished": "abolition",
               "merged": "merger", "royal_assent": "royal assent", "consultation_closed": "consultation's close",
               "other": "event"}
"""Each `dated` event as a noun, for reasons a person reads ("two plans for the start")."""
NON_ASSERTING = {"question", "possibility"}
PLANNED = {"plan", "proposal", "requirement"}
OBJECT_KEYED = {"replaces", "part_of", "accountable_to", "raises_concern"}


def comparison_key(claim: dict) -> tuple | None:
    """What two claims must share to be compared; None for a claim that cannot be."""
    subject, predicate = claim.get("subject"), claim.get("predicate")
    if not subject or not predicate:
        return None
    if predicate == "dated":
        return (subject, predicate, claim.get("event"))
    if predicate == "merges_with":
        return (*sorted([subject, claim.get("object") or ""]), predicate)
    if predicate == "has_duty":  # blocked by duty alone: a duty of NHS trusts meets the same duty of NHS bodies
        return (predicate, claim.get("object"))
    if predicate in OBJECT_KEYED:
        return (subject, predicate, claim.get("object"))
    return (subject, predicate)


@functools.lru_cache(maxsize=1)
def _broader() -> dict[str, list[str]]:
    from .registry import load_registry

    registry = load_registry()
    return {name: registry.broader_than(name) for name in registry.bodies}


@functools.lru_cache(maxsize=1)
def _successors() -> dict[str, str]:
    from .registry import load_registry

    registry = load_registry()
    return {name: registry.successor_of(name) for name in registry.bodies if registry.successor_of(name)}


def succession(a: dict, b: dict) -> tuple[str, str] | None:
    """(predecessor, successor) when two `has_duty` claims give one function to a body and to
    the body that took its functions over (registry `successor`: CCG -> ICB)."""
    if a.get("predicate") != "has_duty":
        return None
    sa, sb = a.get("subject"), b.get("subject")
    if sa and _successors().get(sa) == sb:
        return sa, sb
    if sb and _successors().get(sb) == sa:
        return sb, sa
    return None


def shared_subject(a: dict, b: dict) -> str | None:
    """The subject two claims are both about: the same one; for `has_duty` the wider of two
    bodies one of which is a kind of the other (registry `broader`), or the successor of a body
    whose function it took over; None when unrelated."""
    sa, sb = a.get("subject"), b.get("subject")
    if sa == sb:
        return sa
    if a.get("predicate") == "merges_with":  # an unordered pair: name it by its first body
        return comparison_key(a)[0]
    if a.get("predicate") != "has_duty":
        return None
    if sb in _broader().get(sa, []):
        return sb
    if sa in _broader().get(sb, []):
        return sa
    heir = succession(a, b)
    return heir[1] if heir else None


@functools.lru_cache(maxsize=65536)
def _date(value) -> dt.date | None:
    """An ISO date; cached, because a large corpus compares the same few thousand dates millions of times."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_of(claim: dict) -> tuple[dt.date, dt.date]:
    return _date(claim.get("as_of_start")) or dt.date.min, _date(claim.get("as_of_end")) or dt.date.max


def same_time(a: dict, b: dict) -> bool:
    """Do the times the two claims speak of overlap? Unknown bounds are open."""
    (a0, a1), (b0, b1) = _as_of(a), _as_of(b)
    return a0 <= b1 and b0 <= a1


def describe_date(claim: dict) -> str:
    return _describe_date(claim.get("date_start"), claim.get("date_end"), claim.get("date_granularity"))


@functools.lru_cache(maxsize=65536)
def _describe_date(start_value, end_value, granularity) -> str:
    start, end = _date(start_value), _date(end_value)
    if not start or not end:
        return "an unknown date"
    if granularity == "day" or start == end:
        return f"{start.day} {start:%B %Y}"
    if granularity == "month":
        return f"{start:%B %Y}"
    if granularity == "year":
        return str(start.year)
    if granularity == "financial_year":
        return f"{start.year}-{str(end.year)[2:]}"
    return f"{start:%B %Y} to {end:%B %Y}" if (start.year, start.month) != (end.year, end.month) else f"{start:%B %Y}"


def describe_range(claim: dict) -> str:
    lo, hi = claim.get("value_min"), claim.get("value_max")
    fmt = lambda v: f"{int(v):,}"  # noqa: E731
    if lo is not None and hi is not None:
        return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f"over {fmt(lo)}"
    if hi is not None:
        return f"up to {fmt(hi)}"
    return "an unknown figure"


def _polarity(claim: dict) -> bool:
    """True for an affirmed claim; has_status folds its object in: not statutory = non-statutory."""
    affirmed = not int(claim.get("negated") or 0)
    if claim.get("predicate") == "has_status":
        return affirmed == (claim.get("object") == "statutory")
    return affirmed


def _modality_note(a: dict, b: dict) -> str:
    ma, mb = a.get("modality") or "fact", b.get("modality") or "fact"
    return "" if ma == mb else f" ({ma} vs {mb})"


def verdict_for(a: dict, b: dict) -> tuple[str, str] | None:
    """(verdict, reason) for two claims with the same key, or None if they share no key."""
    key = comparison_key(a)
    if key is None or key != comparison_key(b):
        return None
    subject = shared_subject(a, b)
    if subject is None:
        return None
    predicate = a["predicate"]
    note = _modality_note(a, b)
    heir = succession(a, b)
    if heir:  # the function, not the name: it moved, whatever each side says of its holder
        return "changed", f"the same duty ({a.get('object')}) for {heir[0]} and for {heir[1]}, which took over its functions{note}"
    if a.get("modality") in NON_ASSERTING or b.get("modality") in NON_ASSERTING:
        kind = a.get("modality") if a.get("modality") in NON_ASSERTING else b.get("modality")
        return "compatible", f"one side is only a {kind}, so they cannot conflict{note}"
    pa, pb = _polarity(a), _polarity(b)
    if pa != pb:
        what = ("statutory vs non-statutory" if predicate == "has_status"
                else f"{predicate.replace('_', ' ')} affirmed in one, denied in the other")
        if predicate == "dated" and a.get("event") == "other":
            return "changed", f"{what}: unnamed events, which may be different events{note}"
        if "proposal" in (a.get("modality"), b.get("modality")):
            return "changed", f"{what}: a proposal, which may differ from what is or was{note}"
        if (a.get("modality") in PLANNED) != (b.get("modality") in PLANNED):
            return "changed", f"{what}: what is to be against what is or was{note}"
        if same_time(a, b):
            return "contradict", f"{what} for the same time{note}"
        return "changed", f"{what}, speaking of different times{note}"
    if predicate == "dated":
        return _dated_verdict(a, b, note)
    if predicate in ("has_count", "has_population"):
        return _range_verdict(a, b, note)
    if predicate == "has_status":
        return "agree", f"both {a.get('object', '').replace('_', '-')}{note}"
    if predicate == "raises_concern":
        return "agree", f"shared concern: {a.get('object')}{note}"
    obj = a.get("object") or ""
    if predicate == "has_duty" and a["subject"] != b["subject"]:
        narrower = b["subject"] if subject == a["subject"] else a["subject"]
        return "compatible", f"the same duty ({obj}) stated for {narrower} and for {subject}, a wider kind it belongs to{note}"
    return "agree", f"both: {a['subject']} {predicate.replace('_', ' ')} {obj}".rstrip() + note


def _dated_verdict(a: dict, b: dict, note: str) -> tuple[str, str]:
    a0, a1, b0, b1 = (_date(a.get("date_start")), _date(a.get("date_end")),
                      _date(b.get("date_start")), _date(b.get("date_end")))
    da, db = describe_date(a), describe_date(b)
    if None in (a0, a1, b0, b1):
        return "compatible", f"{da} vs {db}: one date is not known precisely{note}"
    if (a0, a1) == (b0, b1):
        return "agree", f"both {da}{note}"
    if a0 <= b1 and b0 <= a1:
        if (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1):
            return "compatible", f"{da} vs {db}: one is a finer reading of the other{note}"
        return "compatible", f"{da} vs {db}: the periods overlap{note}"
    event = a.get("event")
    ma, mb = a.get("modality") or "fact", b.get("modality") or "fact"
    if (ma in PLANNED) != (mb in PLANNED):
        planned, actual = (a, b) if ma in PLANNED else (b, a)
        later = _date(actual.get("date_start")) > _date(planned.get("date_end"))
        timing = "later" if later else "earlier"
        return "changed", f"planned for {describe_date(planned)}, in fact {describe_date(actual)} ({timing}){note}"
    if ma in PLANNED:
        return "changed", f"{da} vs {db}: two plans for the {EVENT_NOUNS.get(event, 'event')}, which plans can move{note}"
    if event == "other":
        return "changed", f"{da} vs {db}: dates of unnamed events, which may be different events{note}"
    if event not in ONE_OFF_EVENTS and not same_time(a, b):
        return "changed", f"{da} vs {db}: a {EVENT_NOUNS.get(event, 'date')} that may have been reset between the documents{note}"
    if event in ONE_OFF_EVENTS:
        return "contradict", f"{da} vs {db}: the same {EVENT_NOUNS[event]} cannot have two dates{note}"
    return "contradict", f"{da} vs {db}: two {EVENT_NOUNS.get(event, 'event')} dates for the same time{note}"


def _range_verdict(a: dict, b: dict, note: str) -> tuple[str, str]:
    ra, rb = describe_range(a), describe_range(b)
    inf = float("inf")
    a0 = a.get("value_min") if a.get("value_min") is not None else -inf
    a1 = a.get("value_max") if a.get("value_max") is not None else inf
    b0 = b.get("value_min") if b.get("value_min") is not None else -inf
    b1 = b.get("value_max") if b.get("value_max") is not None else inf
    noun = "count" if a["predicate"] == "has_count" else "population"
    if (a0, a1) == (b0, b1):
        return "agree", f"both {ra}{note}"
    if a0 <= b1 and b0 <= a1:
        return "compatible", f"{ra} vs {rb}: the ranges overlap{note}"
    if (a.get("modality") in PLANNED) != (b.get("modality") in PLANNED):
        return "changed", f"{ra} vs {rb}: a planned {noun} against a stated one{note}"
    if not same_time(a, b):
        return "changed", f"{ra} vs {rb}: the {noun} changed between the times they speak of{note}"
    return "contradict", f"{ra} vs {rb}: different {noun}s for the same time{note}"


def compare_claims(claims: list[dict]) -> Iterator[dict]:
    """Comparison rows for every cross-document pair sharing a key; claims need id and document_id."""
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        key = comparison_key(claim)
        if key is not None:
            blocks[key].append(claim)
    for key, block in blocks.items():
        block.sort(key=lambda c: c["id"])
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a["document_id"] == b["document_id"]:
                    continue
                result = verdict_for(a, b)
                if result is None:
                    continue
                verdict, reason = result
                yield {"claim_a": a["id"], "claim_b": b["id"], "document_a": a["document_id"],
                       "document_b": b["document_id"], "subject": shared_subject(a, b), "predicate": a["predicate"],
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


_SAME_TIME = {"as_of_start": None, "as_of_end": None}
_EARLY, _LATE = {"as_of_start": None, "as_of_end": "1000-01-01"}, {"as_of_start": "3000-01-01", "as_of_end": None}


def time_aware_verdicts(a: dict, b: dict) -> tuple[str, str, str | None, str | None] | None:
    """(verdict, reason) when the two claims speak of overlapping times, then the (verdict, reason)
    when they do not, or (None, None) if time makes no difference; None if they share no key."""
    timed = any(c.get(f) for c in (a, b) for f in _SAME_TIME)
    same = verdict_for({**a, **_SAME_TIME}, {**b, **_SAME_TIME}) if timed else verdict_for(a, b)
    if same is None or same[0] != "contradict":  # only a contradiction can turn into a change over time
        return None if same is None else (*same, None, None)
    apart = verdict_for({**a, **_EARLY}, {**b, **_LATE})
    return (*same, None, None) if apart == same else (*same, *apart)


def new_group_pairs(groups_by_block: dict[str, list[dict]], new_ids: set[int]) -> Iterator[dict]:
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
                result = time_aware_verdicts(a["claim"], b["claim"])
                if result is None:
                    continue
                claim = a["claim"]
                yield {"group_a": a["id"], "group_b": b["id"], "subject": shared_subject(a["claim"], b["claim"]),
                       "predicate": claim["predicate"], "event": claim.get("event"),
                       "object": claim.get("object") if claim["predicate"] != "has_status" else None,
                       "verdict": result[0], "reason": result[1], "verdict_apart": result[2],
                       "reason_apart": result[3]}
