"""Relations between bodies: `replaces`, `part_of`, `accountable_to`, `merges_with`."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..discourse import is_reporter
from ..view import MODIFIER_BEFORE, SentenceView, first_after, listed, main_body_before, nearest_before, subject_before
from .base import RuleClaim, RuleContext, rule

GRAMMAR = {
    "replaces": r"\b{replaces}\b",  # the body before replaces the body after ...
    "replaced_by": r"\b{replaced_by}\s+by\b",  # ... unless passive
    "abolished": r"\b{abolished}\b",
    "becomes": r"\b{becomes}\b",
    # "the allocative functions of the CCG (will move) into the ICB": from the body after "of" to the body after "into"
    "handed_over": r"\b{handed_over}\s+of\s+(?:the\s+|each\s+|every\s+)?(?:[a-z]+\s+)?$",
    "moved_into": r"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:[a-z]+\s+){0,3}?{moved_into}\s+"
                  r"(?:the\s+|an?\s+|each\s+)?(?:new\s+|local\s+|single\s+)?$",
    "transfer_into": r"\b{transfer}\s+(?:in)?to\b",
    # a whole, then the cue, then its members: "ICSs combine places, provider collaboratives and ..."
    "comprises": r"\b{comprises}\b",
    # a member, then the cue, then its whole right after: "NHS providers are expected to join provider collaboratives"
    "part_of": r"\b{part_of}\b",
    "together_as": r"\b{together_as}\b",
    "accountable": r"\b{accountable_to}\b",
    "merge": r"\b{merge}\b",
    # "Monitor's merger with the TDA": the body right before the cue and the one after "with"
    "merge_with": r"\s+with\s+(?:the\s+)?",
    # "NHS England absorbed NHS Improvement": the body before and the one after have merged
    "absorbs": r"\b{absorbs}\b",
}
"""Templates over annotations/rules/predicates.yml (see pipeline/vocabulary.py)."""


@rule("replaces")
def replaces(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    p = context.patterns
    bodies = [b for b in view.bodies() if b.canonical]
    for m in p.replaces.finditer(view.text):
        if p.replaced_by.match(view.text, m.start()):
            old = nearest_before(view, m.start(), bodies)
            new = first_after(view, m.end(), bodies)
            subject, obj = (new.canonical if new else None), (old.canonical if old else view.context_subject)
        else:
            new = nearest_before(view, m.start(), bodies)
            old = first_after(view, m.end(), bodies)
            subject = new.canonical if new and not view.pointing else (view.context_subject or (new.canonical if new else None))
            obj = old.canonical if old else None
            with_new = old and re.match(r"\s*(?:\([^)]*\)\s*)?with\s+", view.text[view.rel(old)[1]:])
            if with_new:  # "replacing CCGs with ICBs": the body after "with" is the new one
                heir = first_after(view, view.rel(old)[1] + with_new.end(), bodies)
                subject = heir.canonical if heir else subject
        if subject and obj and subject != obj:
            yield RuleClaim(subject=subject, predicate="replaces", object=obj, cue=m.span())
    for m in p.becomes.finditer(view.text):  # "STPs evolved into ICSs": the body after replaces the one before
        old, new = nearest_before(view, m.start(), bodies), first_after(view, m.end(), bodies)
        if old and new and old.canonical != new.canonical and not view.text[m.end():view.rel(new)[0]].strip(" ,").count(" "):
            yield RuleClaim(subject=new.canonical, predicate="replaces", object=old.canonical, cue=m.span())
    for old in bodies:  # "bring the functions of the CCG into the ICB"
        start, end = view.rel(old)
        new = first_after(view, end, bodies)
        if new is not None and p.handed_over.search(view.text[max(0, start - 60):start]) \
                and p.moved_into.match(view.text[end:view.rel(new)[0]]) and old.canonical != new.canonical:
            yield RuleClaim(subject=new.canonical, predicate="replaces", object=old.canonical, cue=(start, view.rel(new)[1]))
    for m in p.abolished.finditer(view.text):
        abolished = nearest_before(view, m.start(), bodies) or first_after(view, m.end(), bodies)
        if abolished is None:
            continue
        into = p.transfer_into.search(view.text, m.end())
        heir = first_after(view, into.end(), bodies) if into else None
        successor = heir.canonical if heir else context.registry.successor_of(abolished.canonical)
        if successor and successor != abolished.canonical:
            yield RuleClaim(subject=successor, predicate="replaces", object=abolished.canonical, cue=m.span())


_MEMBERSHIP_OF = re.compile(r"\bmembership\s+of\s+(?:the\s+)?$", re.I)


_LIST_END = re.compile(r"[;:.]|\s(?:to|in\s+order|so\s+that|which|who|that)\s", re.I)


def _member_of(registry, member: str, whole: str | None) -> bool:
    """A named organisation is no member of a local kind of body ("a partnership uniting the NHS,
    councils and charities": the national NHS is not part of each partnership, GUIDELINES §16),
    unless its entry says it sits in local systems (`joins_local`: local Healthwatch)."""
    entry = registry.bodies.get(member) or {}
    return not (entry.get("kind") == "organisation" and not entry.get("joins_local")
                and (registry.bodies.get(whole) or {}).get("kind") == "type")


@rule("part_of")
def part_of(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    p = context.patterns
    bodies = [b for b in view.bodies() if b.canonical]
    for m in p.comprises.finditer(view.text):
        before = [b for b in bodies if view.rel(b)[1] <= m.start()]
        whole = next((b for b in before if _MEMBERSHIP_OF.search(view.text[:view.rel(b)[0]])), None) \
            or main_body_before(view, m.start(), [b for b in bodies if not is_reporter(view, b, p)])
        if m.group().lower().startswith("including") and (whole is None or m.start() - view.rel(whole)[1] > 3):
            continue  # "partners (including local government)": only "X, including A" names X's members
        whole_name = whole.canonical if whole else view.context_subject
        list_end = _LIST_END.search(view.text, m.end())
        stop = list_end.start() if list_end else len(view.text)
        parts = [b for b in bodies if m.end() <= view.rel(b)[0] < min(stop, m.end() + 120)
                 and not MODIFIER_BEFORE.search(view.text[max(m.end(), view.rel(b)[0] - 20):view.rel(b)[0]])]
        for part in parts[:6]:
            if whole_name and part.canonical != whole_name and _member_of(context.registry, part.canonical, whole_name):
                yield RuleClaim(subject=part.canonical, predicate="part_of", object=whole_name, cue=m.span())
    for m in p.part_of.finditer(view.text):
        whole = first_after(view, m.end(), bodies)
        if not whole or not re.fullmatch(r"[\s\w’'-]{0,25}", view.text[m.end():view.rel(whole)[0]]):
            continue
        member = main_body_before(view, m.start(), bodies)
        subject = member.canonical if member and not view.pointing else subject_before(view, m.start())
        if subject and subject != whole.canonical and _member_of(context.registry, subject, whole.canonical):
            yield RuleClaim(subject=subject, predicate="part_of", object=whole.canonical, cue=m.span())
    for m in p.together_as.finditer(view.text):
        whole = first_after(view, m.end(), bodies)
        if not whole or view.rel(whole)[0] - m.end() > 25:
            continue
        clause = max(view.text.rfind(";", 0, m.start()), view.text.rfind(":", 0, m.start()))
        parts = [b for b in bodies if clause < view.rel(b)[0] and view.rel(b)[1] <= m.start()]
        for part in dict.fromkeys(b.canonical for b in parts[-4:]):
            if part != whole.canonical and _member_of(context.registry, part, whole.canonical):
                yield RuleClaim(subject=part, predicate="part_of", object=whole.canonical, cue=m.span())


@rule("accountable_to")
def accountable_to(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in context.patterns.accountable.finditer(view.text):
        last = nearest_before(view, m.start(), bodies)
        if last is not None and not view.pointing:  # "NHS England and NHS Improvement will be held to account"
            subjects = [b.canonical for b in listed(view, last, bodies, forward=False)]
        else:
            subjects = [subject_before(view, m.start())]
        overseer = first_after(view, m.end(), bodies)
        overseers = [b.canonical for b in listed(view, overseer, bodies)] if overseer else []
        for subject in dict.fromkeys(s for s in subjects if s):
            for watcher in dict.fromkeys(o for o in overseers if o != subject):
                yield RuleClaim(subject=subject, predicate="accountable_to", object=watcher, cue=m.span())


@rule("merges_with")
def merges_with(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    p = context.patterns
    bodies = [b for b in view.bodies() if b.canonical]
    for m in p.absorbs.finditer(view.text):
        absorber, absorbed = nearest_before(view, m.start(), bodies), first_after(view, m.end(), bodies)
        if absorber and absorbed and absorber.canonical != absorbed.canonical and view.rel(absorbed)[0] - m.end() < 25:
            a, b = sorted([absorber.canonical, absorbed.canonical])
            yield RuleClaim(subject=a, predicate="merges_with", object=b, cue=m.span())
    for m in p.merge.finditer(view.text):
        partner = p.merge_with.match(view.text, m.end())
        own = [b for b in bodies if 0 <= m.start() - view.rel(b)[1] <= 3]  # "Monitor's merger"
        other = first_after(view, partner.end(), bodies) if partner else None
        if own and other and view.rel(other)[0] == partner.end() and own[-1].canonical != other.canonical:
            a, b = sorted([own[-1].canonical, other.canonical])
            yield RuleClaim(subject=a, predicate="merges_with", object=b, cue=m.span())
            continue
        after = [b for b in bodies if 0 <= view.rel(b)[0] - m.end() < 40]
        before = [b for b in bodies if 0 <= m.start() - view.rel(b)[1] < 40]
        for group in (after, before):
            pair = list(dict.fromkeys(b.canonical for b in group))[:2]
            if len(pair) == 2 and re.search(r"\b(?:and|with|&)\b", view.between(*sorted(
                    [view.rel(group[0])[1], view.rel([b for b in group if b.canonical == pair[1]][0])[0]]))):
                a, b = sorted(pair)
                yield RuleClaim(subject=a, predicate="merges_with", object=b, cue=m.span())
                break
