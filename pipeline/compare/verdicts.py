"""Verdicts: two claim records in, `(verdict, reason)` out (SPEC §5). Pure: what the registry
says (which kind is wider, which body succeeded which, which predicates are states) comes in as
`BodyKinds`, the dated changes the corpus states as `transitions`.

Judging is in two steps, so that a group of claims saying the same thing is judged once against
another group whatever the times of their claims (grouping.py), and each claim pair's time is
applied last (here in `resolve`, in the comparisons view in SQL):

`judge(a, b)` says what the two values are to each other. Its rules, in order:

1. the same duty for a body and for its successor (registry `successor`: CCG, ICB): `changed`;
2. a claim that only asks or speculates (question, possibility) contradicts nothing: `compatible`;
3. opposite polarity (or statutory vs non-statutory): `differ` for unnamed events; `changed` when
   one side is only a proposal, or one side is planned or required and the other stated ("will be
   statutory" against "are voluntary"); else it depends on time (below);
4. dates as intervals: equal `agree`, nested or overlapping `compatible`; disjoint: `changed` when
   either side is planned rather than stated (plans move), `differ` for unnamed events, time-
   dependent for deadlines (they may be reset), else `contradict` (one publication, one start);
5. counts and populations as ranges with open bounds: equal `agree`, overlapping `compatible`, a
   planned figure against a stated one `changed`, else time-dependent;
6. the same relation, duty, status or concern on both sides: `agree`; the same duty stated for a
   body and for a wider kind it belongs to (registry `broader`: NHS trust, NHS body): `compatible`.

Time-dependent (different values of a state, a denied and an affirmed event, two deadlines):
`resolve` takes the two claims' time relation (compare/time.py): known disjoint times `changed`
(the reason says which came first); else a dated change the corpus states that may lie between
them `changed` ("ICSs became statutory on 1 July 2022" puts a non-statutory claim before it and a
statutory one after it); else the same known time `contradict`; else `differ`, the reason naming
what is unknown. A contradiction is a strong statement to a reader: when in doubt, `differ`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..intervals import iso_date
from .reasons import EVENT_NOUNS, describe_date, label, note, side, time_text, versus
from .time import TRANSITION_EVENTS, is_transition, time_relation, transition_orders

ONE_OFF_EVENTS = {"published", "effective", "abolished", "merged", "royal_assent", "consultation_closed"}
NON_ASSERTING = {"question", "possibility"}
PLANNED = {"plan", "proposal", "requirement"}
OBJECT_KEYED = {"replaces", "part_of", "accountable_to", "raises_concern"}
STATES = frozenset({"has_status", "has_count", "has_population", "part_of", "accountable_to", "has_duty",
                    "raises_concern"})
"""SPEC §4's state predicates: the default of `BodyKinds.states`, which the registry's labels.yml
(`time: state`) sets."""

UNKNOWN_WHY = {True: "the times overlap but one spans more than a year, so a change cannot be told from a contradiction",
               False: "the times cannot be placed, so a change cannot be told from a contradiction"}
"""Why a time-dependent pair is `differ`: keyed by whether both times are known (bounded)."""
APART_WHY = "known disjoint times, {first} first"
"""Why a time-dependent pair is `changed` by its times: `{first}` is the label of the earlier side."""
ORDERED_WHY = "ordered by a change the corpus states: {subject} {change} {date}"


@dataclass(frozen=True)
class BodyKinds:
    """What the registry says that comparing needs: the wider kinds each body is one of (nearest
    first: NHS trust -> NHS body), the body that took over each one's functions, which predicates
    are states (labels.yml `time`), and the words of questions (compare/questions.py)."""

    broader: dict[str, list[str]]
    successors: dict[str, str]
    states: frozenset[str] = STATES
    question_words: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, registry) -> BodyKinds:
        from .questions import question_words

        return cls({name: registry.broader_than(name) for name in registry.bodies},
                   {name: registry.successor_of(name) for name in registry.bodies if registry.successor_of(name)},
                   registry.state_predicates or STATES, question_words(registry))


@dataclass(frozen=True)
class Judgement:
    """What two claims' values are to each other. `apart` is None when time makes no difference
    (then `verdict`, `why` hold whatever the times); else `verdict`, `why` hold for the same known
    time, `apart` is why for known disjoint times, and `positive` which side (0: the first, 1: the
    second) is the affirmed one when a stated change may order them (None when none can)."""

    verdict: str
    why: str
    apart: str | None = None
    positive: int | None = None

    @property
    def timed(self) -> bool:
        return self.apart is not None


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


def polarity(claim: dict) -> bool:
    """True for an affirmed claim; has_status folds its object in: not statutory = non-statutory."""
    affirmed = not int(claim.get("negated") or 0)
    if claim.get("predicate") == "has_status":
        return affirmed == (claim.get("object") == "statutory")
    return affirmed


def judge(a: dict, b: dict, kinds: BodyKinds) -> Judgement | None:
    """What claims `a` and `b` (the same key) say to each other, whatever their times; None if they
    share no key. Only value fields and qualifiers are read (grouping.SIGNATURE_FIELDS)."""
    key = comparison_key(a)
    if key is None or key != comparison_key(b):
        return None
    subject = shared_subject(a, b, kinds)
    return None if subject is None else judge_values(a, b, kinds)


def judge_values(a: dict, b: dict, kinds: BodyKinds) -> Judgement:
    """`judge` for two claims known to share a key and a subject (two groups of one block)."""
    predicate = a["predicate"]
    heir = succession(a, b, kinds)
    if heir:  # the function, not the name: it moved, whatever each side says of its holder
        return Judgement("changed", f"the same duty ({a.get('object')}) passed from {heir[0]} to {heir[1]}, "
                                    f"which took over its functions")
    ma, mb = a.get("modality") or "fact", b.get("modality") or "fact"
    if ma in NON_ASSERTING or mb in NON_ASSERTING:
        return Judgement("compatible", f"one side is only a {ma if ma in NON_ASSERTING else mb}, so they cannot conflict")
    pa, pb = polarity(a), polarity(b)
    if pa != pb:
        if predicate == "dated" and a.get("event") == "other":
            return Judgement("differ", "unnamed events, which may be different events")
        if "proposal" in (ma, mb):
            return Judgement("changed", "a proposal, which may differ from what is or was")
        if (ma in PLANNED) != (mb in PLANNED):
            return Judgement("changed", "what is to be against what is or was")
        what = "different statuses" if predicate == "has_status" else "affirmed in one, denied in the other"
        return Judgement("contradict", f"{what} for the same time", APART_WHY, 0 if pa else 1)
    if predicate == "dated":
        return _dated(a, b)
    if predicate in ("has_count", "has_population"):
        return _ranges(a, b)
    if predicate == "has_status":
        return Judgement("agree", "the same status")
    if predicate == "raises_concern":
        return Judgement("agree", "the same concern")
    if predicate == "has_duty" and a["subject"] != b["subject"]:
        return Judgement("compatible", f"the same duty ({a.get('object')}) for a body and for a wider kind it belongs to")
    return Judgement("agree", "the same duty" if predicate == "has_duty" else "the same relation")


def _dated(a: dict, b: dict) -> Judgement:
    a0, a1, b0, b1 = (iso_date(a.get("date_start")), iso_date(a.get("date_end")),
                      iso_date(b.get("date_start")), iso_date(b.get("date_end")))
    if None in (a0, a1, b0, b1):
        return Judgement("compatible", "one date is not known precisely")
    if (a0, a1) == (b0, b1):
        return Judgement("agree", "the same date")
    if a0 <= b1 and b0 <= a1:
        if (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1):
            return Judgement("compatible", "one is a finer reading of the other")
        return Judgement("compatible", "the periods overlap")
    event = a.get("event")
    ma, mb = a.get("modality") or "fact", b.get("modality") or "fact"
    if (ma in PLANNED) != (mb in PLANNED):
        planned, actual = (a, b) if ma in PLANNED else (b, a)
        timing = "later" if iso_date(actual.get("date_start")) > iso_date(planned.get("date_end")) else "earlier"
        return Judgement("changed", f"planned for {describe_date(planned)}, in fact {describe_date(actual)} ({timing})")
    if ma in PLANNED:
        return Judgement("changed", f"two plans for the {EVENT_NOUNS.get(event, 'event')}, which plans can move")
    if event == "other":
        return Judgement("differ", "dates of unnamed events, which may be different events")
    if event not in ONE_OFF_EVENTS:  # a deadline may be reset: two only conflict for one time
        return Judgement("contradict", f"two {EVENT_NOUNS.get(event, 'event')}s for the same time",
                         f"a {EVENT_NOUNS.get(event, 'date')} that may have been reset between the times they speak of")
    return Judgement("contradict", f"the same {EVENT_NOUNS[event]} cannot have two dates")


def _ranges(a: dict, b: dict) -> Judgement:
    inf = float("inf")
    a0 = a.get("value_min") if a.get("value_min") is not None else -inf
    a1 = a.get("value_max") if a.get("value_max") is not None else inf
    b0 = b.get("value_min") if b.get("value_min") is not None else -inf
    b1 = b.get("value_max") if b.get("value_max") is not None else inf
    noun = "count" if a["predicate"] == "has_count" else "population"
    if (a0, a1) == (b0, b1):
        return Judgement("agree", f"the same {noun}")
    if a0 <= b1 and b0 <= a1:
        return Judgement("compatible", "the ranges overlap")
    if (a.get("modality") in PLANNED) != (b.get("modality") in PLANNED):
        return Judgement("changed", f"a planned {noun} against a stated one")
    return Judgement("contradict", f"different {noun}s for the same time", APART_WHY)


def ordering_transition(judgement: Judgement, a: dict, b: dict, subject: str, transitions) -> dict | None:
    """The first stated change (by date, then id) of `subject` that orders `a` and `b`: a taking
    effect puts the denied side before it and the affirmed after; an abolition the reverse."""
    if judgement.positive is None:
        return None
    positive, negative = (a, b) if judgement.positive == 0 else (b, a)
    for t in sorted((t for t in transitions if t.get("subject") == subject and is_transition(t)),
                    key=lambda t: (t["date_start"], t.get("id") or 0)):
        before, after = (negative, positive) if t["event"] == "effective" else (positive, negative)
        if transition_orders(t, before, after):
            return t
    return None


def resolve(judgement: Judgement, a: dict, b: dict, kinds: BodyKinds, transitions=()) -> tuple[str, str]:
    """(verdict, reason) of a judged pair at the two claims' times, `a` read first."""
    side_a = side(label(a), note(a), time_text(a, kinds.states))
    side_b = side(label(b), note(b), time_text(b, kinds.states))
    if not judgement.timed:
        return judgement.verdict, versus(side_a, side_b, judgement.why)
    relation = time_relation(a, b)
    if relation in ("first", "second"):
        return "changed", versus(side_a, side_b, judgement.apart.replace("{first}", label(a if relation == "first" else b)))
    subject = shared_subject(a, b, kinds)
    change = ordering_transition(judgement, a, b, subject, transitions)
    if change is not None:
        return "changed", versus(side_a, side_b, ORDERED_WHY.format(
            subject=subject, change=TRANSITION_EVENTS[change["event"]], date=describe_date(change)))
    if relation == "same":
        return judgement.verdict, versus(side_a, side_b, judgement.why)
    known = all(c.get(f) is not None for c in (a, b) for f in ("as_of_start", "as_of_end"))
    return "differ", versus(side_a, side_b, UNKNOWN_WHY[known])


def verdict_for(a: dict, b: dict, kinds: BodyKinds, transitions=()) -> tuple[str, str] | None:
    """(verdict, reason) for two claims with the same key, `a` read first, or None if they share no
    key. `transitions`: the corpus's claims that may be dated changes (any claims; see `is_transition`)."""
    judgement = judge(a, b, kinds)
    return None if judgement is None else resolve(judgement, a, b, kinds, transitions)
