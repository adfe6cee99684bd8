"""Questions: what a comparison key asks ("When was the NHS Long Term Plan published?", "Is an
integrated care system statutory?"), its positions (the distinct values stated) and its status
(SPEC §5): `disputed` if some pair of its claims contradicts, else `changed` if some pair changed,
else `differ` if some pair differs, else `consensus`. Pairs within one document count too: a
document at odds with itself, or telling a change, says so of the question.

Pure functions; the store gathers what they read (compare/grouping.py's group verdicts, each
group's times, the corpus's stated changes) for the blocks a run touched.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .time import transition_orders

STATUS_OF_VERDICT = {"contradict": "disputed", "changed": "changed", "differ": "differ"}
"""A question's status is that of its strongest pair verdict, in this order; else `consensus`."""


def question_words(registry) -> dict:
    """What question labels need from the registry: the templates (labels.yml `question`,
    `event_questions`), each duty's question phrase (duties.yml), which bodies are kinds (said in
    the plural, with an article), which names are policies (said with "the")."""
    return {"templates": {p: d.get("question") for p, d in registry.predicates.items() if d.get("question")},
            "events": dict(registry.event_questions),
            "duties": {k: (v or {}).get("question") for k, v in registry.duties.items() if (v or {}).get("question")},
            "kinds": frozenset(n for n, e in registry.bodies.items() if (e or {}).get("kind") == "type"),
            "policies": frozenset(registry.policies)}


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif not last.endswith("s"):
        last += "s"
    return f"{head} {last}".strip()


def _article(noun: str) -> str:
    """"a" or "an" as the noun is said: an integrated care board, an NHS trust, a GP practice."""
    first = noun.split(" ")[0]
    spelt = first.isupper() and len(first) > 1  # an acronym is said letter by letter
    return ("an " if noun[:1] in ("AEFHILMNORSX" if spelt else "aeiouAEIOU") else "a ") + noun


def _names(name: str | None, words: dict) -> dict[str, str]:
    """One name in the forms a template asks for: as is, with "a"/"the", in the plural."""
    name = name or "something"
    if name in words.get("kinds", ()):
        return {"": name, "a": _article(name), "the": f"the {name}", "plural": _plural(name), "was": "were"}
    the = f"the {name}" if name in words.get("policies", ()) and ":" not in name and not name.lower().startswith("the ") \
        else name
    return {"": name, "a": name, "the": the, "plural": name, "was": "was"}


def question_label(claim: dict, words: dict) -> str:
    """The question a block of claims answers, from its key (subject, predicate, event, object)."""
    predicate = claim.get("predicate")
    template = words.get("templates", {}).get(predicate) or "What is said of {subject}?"
    if "{event_question}" in template:
        template = words.get("events", {}).get(claim.get("event")) or "When did an event of {the_subject} happen?"
    subject, obj = _names(claim.get("subject"), words), _names(claim.get("object"), words)
    key = claim.get("object") or ""
    duty = words.get("duties", {}).get(key) or f"'{key.replace('_', ' ')}'"
    return template.format(subject=subject[""], a_subject=subject["a"], the_subject=subject["the"],
                           subjects=subject["plural"], was=subject["was"], object=obj[""], an_object=obj["a"],
                           the_object=obj["the"], duty=duty, topic=key.replace("_", " "))


@dataclass
class GroupTimes:
    """The times of one group's claims, enough to tell which time relations some pair of them can
    have with another group's (compare/time.py): the known bounds' extremes, whether some bound is
    unknown, and the distinct intervals that are known and at most a year long."""

    min_start: str | None = None
    max_start: str | None = None
    min_end: str | None = None
    max_end: str | None = None
    open_start: bool = False
    open_end: bool = False
    short: list[tuple[str, str]] = field(default_factory=list)


def _ordered_by(t: dict, before: GroupTimes, after: GroupTimes) -> bool:
    """Can some claim of `before` lie before change `t` and some claim of `after` after it?"""
    return ((before.open_start or (before.min_start is not None and before.min_start < t["date_end"]))
            and (after.open_end or (after.max_end is not None and after.max_end >= t["date_start"])))


def strongest_verdict(pair: dict, a: GroupTimes, b: GroupTimes, transitions: list[dict]) -> str:
    """The strongest verdict some claim pair of two groups gets (contradict, then changed, then
    differ), from their group verdict row (`verdict`, `verdict_apart`; `positive` 0/1/None: which
    group is the affirmed one) and their times; `transitions`: the block subject's stated changes."""
    if not pair.get("verdict_apart"):
        return pair["verdict"]
    positive = pair.get("positive")
    orders = []  # (change, which group lies before it)
    if positive is not None:
        for t in transitions:
            before_is_a = (t["event"] == "effective") == (positive == 1)
            orders.append((t, before_is_a))
    disjoint = ((a.min_end is not None and b.max_start is not None and a.min_end < b.max_start)
                or (b.min_end is not None and a.max_start is not None and b.min_end < a.max_start))
    changed = disjoint or any(_ordered_by(t, a, b) if first else _ordered_by(t, b, a) for t, first in orders)
    for x0, x1 in a.short:
        for y0, y1 in b.short:
            if x0 <= y1 and y0 <= x1:
                x, y = {"as_of_start": x0, "as_of_end": x1}, {"as_of_start": y0, "as_of_end": y1}
                if not any(transition_orders(t, x, y) if first else transition_orders(t, y, x) for t, first in orders):
                    return pair["verdict"]
    return "changed" if changed else "differ"


def question_status(verdicts) -> str:
    """`disputed`, `changed`, `differ` or `consensus`, from the strongest verdicts of its pairs."""
    found = set(verdicts)
    for verdict, status in STATUS_OF_VERDICT.items():
        if verdict in found:
            return status
    return "consensus"

