"""Verdicts: two claim records in, `(verdict, reason)` out (SPEC §5). Pure: what the registry
says about bodies (which kind is wider, which body succeeded which) comes in as `BodyKinds`.

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

from dataclasses import dataclass

from ..intervals import iso_date
from .reasons import EVENT_NOUNS, describe_date, describe_range, modality_note
from .time import same_time

ONE_OFF_EVENTS = {"published", "effective", "abolished", "merged", "royal_assent", "consultation_closed"}
CHANGING_PREDICATES = {"has_count", "has_population", "has_status"}
NON_ASSERTING = {"question", "possibility"}
PLANNED = {"plan", "proposal", "requirement"}
OBJECT_KEYED = {"replaces", "part_of", "accountable_to", "raises_concern"}




@dataclass(frozen=True)
class BodyKinds:
    """What the registry says about bodies that verdicts need: the wider kinds each body is one of
    (nearest first: NHS trust -> NHS body) and the body that took over each one's functions."""

    broader: dict[str, list[str]]
    successors: dict[str, str]

    @classmethod
    def of(cls, registry) -> BodyKinds:
        return cls({name: registry.broader_than(name) for name in registry.bodies},
                   {name: registry.successor_of(name) for name in registry.bodies if registry.successor_of(name)})


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


def succession(a: dict, b: dict, kinds: BodyKinds) -> tuple[str, str] | None:
    """(predecessor, successor) when two `has_duty` claims give one function to a body and to
    the body that took its functions over (registry `successor`: CCG -> ICB)."""
    if a.get("predicate") != "has_duty":
        return None
    sa, sb = a.get("subject"), b.get("subject")
    if sa and kinds.successors.get(sa) == sb:
        return sa, sb
    if sb and kinds.successors.get(sb) == sa:
        return sb, sa
    return None


def shared_subject(a: dict, b: dict, kinds: BodyKinds) -> str | None:
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
    if sb in kinds.broader.get(sa, []):
        return sb
    if sa in kinds.broader.get(sb, []):
        return sa
    heir = succession(a, b, kinds)
    return heir[1] if heir else None


def _polarity(claim: dict) -> bool:
    """True for an affirmed claim; has_status folds its object in: not statutory = non-statutory."""
    affirmed = not int(claim.get("negated") or 0)
    if claim.get("predicate") == "has_status":
        return affirmed == (claim.get("object") == "statutory")
    return affirmed


def verdict_for(a: dict, b: dict, kinds: BodyKinds) -> tuple[str, str] | None:
    """(verdict, reason) for two claims with the same key, or None if they share no key."""
    key = comparison_key(a)
    if key is None or key != comparison_key(b):
        return None
    subject = shared_subject(a, b, kinds)
    if subject is None:
        return None
    predicate = a["predicate"]
    note = modality_note(a, b)
    heir = succession(a, b, kinds)
    if heir:  # the function, not the name: it moved, whatever each side says of its holder
        return "changed", (f"the same duty ({a.get('object')}) for {heir[0]} and for {heir[1]}, "
                           f"which took over its functions{note}")
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
    a0, a1, b0, b1 = (iso_date(a.get("date_start")), iso_date(a.get("date_end")),
                      iso_date(b.get("date_start")), iso_date(b.get("date_end")))
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
        later = iso_date(actual.get("date_start")) > iso_date(planned.get("date_end"))
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
