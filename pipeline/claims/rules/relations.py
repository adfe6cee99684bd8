"""Relations between bodies: `replaces`, `part_of`, `accountable_to`, `merges_with`."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..discourse import is_reporter
from ..view import MODIFIER_BEFORE, SentenceView, first_after, listed, main_body_before, nearest_before, subject_before
from .base import RuleClaim, RuleContext, rule


_REPLACES = re.compile(r"\b(?:replac(?:e|es|ed|ing)|subsum\w+|t(?:ake|akes|ook|aking)\s+on\s+the\s+(?:\w+\s+){0,2}functions?\b|in\s+place\s+of|"
                       r"succeed\w*|supersed\w+|t(?:ake|akes|ook|aking)\s+over|(?:developed|evolved|emerged|grew|grown)\s+(?:out\s+of|from))\b", re.I)


_REPLACED_BY = re.compile(r"\b(?:replaced|superseded|succeeded|subsumed|taken\s+over)\s+by\b", re.I)


_ABOLISHED = re.compile(r"\babolish\w*|\bscrapped\b|\bwound\s+up\b", re.I)


_TRANSFER_INTO = re.compile(r"\btransferr?\w*\s+(?:in)?to\b", re.I)


@rule("replaces")
def replaces(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _REPLACES.finditer(view.text):
        if _REPLACED_BY.match(view.text, m.start()):
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
    for m in _ABOLISHED.finditer(view.text):
        abolished = nearest_before(view, m.start(), bodies) or first_after(view, m.end(), bodies)
        if abolished is None:
            continue
        into = _TRANSFER_INTO.search(view.text, m.end())
        heir = first_after(view, into.end(), bodies) if into else None
        successor = heir.canonical if heir else context.registry.successor_of(abolished.canonical)
        if successor and successor != abolished.canonical:
            yield RuleClaim(subject=successor, predicate="replaces", object=abolished.canonical, cue=m.span())


_COMPRISES = re.compile(r"\b(?:consist(?:s|ing)?\s+of|compris(?:e|es|ing)|made\s+up\s+of|led\s+by|"
                        r"(?:two|three)\s+(?:key\s+)?(?:components|bodies|entities|parts)|"
                        r"(?:will\s+|should\s+|must\s+|to\s+)?(?:include|includes|including|involve|involves|involving)\b(?!\s+(?:working|to|how))|"
                        r"bring(?:s|ing)?\s+together|brought\s+together|combin(?:e|es|ing)(?!\s+(?:with|to))|"
                        r"membership\s+(?:\w+\s+){0,3}(?:will\s+)?include)\b", re.I)
"""A whole, then the cue, then its members: "ICSs combine places, provider collaboratives and ..."."""


_PART_OF = re.compile(r"\b(?:part\s+of|members?\s+of|sits?\s+(?:within|under)|belong\w*\s+to|"
                      r"join(?:s|ed|ing)?|(?:be|are|is)\s+included\s+in)\b", re.I)
"""A member, then the cue, then its whole right after: "NHS providers are expected to join provider collaboratives"."""


_MEMBERSHIP_OF = re.compile(r"\bmembership\s+of\s+(?:the\s+)?$", re.I)


_LIST_END = re.compile(r"[;:.]|\s(?:to|in\s+order|so\s+that|which|who|that)\s", re.I)


@rule("part_of")
def part_of(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _COMPRISES.finditer(view.text):
        before = [b for b in bodies if view.rel(b)[1] <= m.start()]
        whole = next((b for b in before if _MEMBERSHIP_OF.search(view.text[:view.rel(b)[0]])), None) \
            or main_body_before(view, m.start(), [b for b in bodies if not is_reporter(view, b)])
        if m.group().lower().startswith("including") and (whole is None or m.start() - view.rel(whole)[1] > 3):
            continue  # "partners (including local government)": only "X, including A" names X's members
        whole_name = whole.canonical if whole else view.context_subject
        list_end = _LIST_END.search(view.text, m.end())
        stop = list_end.start() if list_end else len(view.text)
        parts = [b for b in bodies if m.end() <= view.rel(b)[0] < min(stop, m.end() + 120)
                 and not MODIFIER_BEFORE.search(view.text[max(m.end(), view.rel(b)[0] - 20):view.rel(b)[0]])]
        for part in parts[:6]:
            if whole_name and part.canonical != whole_name:
                yield RuleClaim(subject=part.canonical, predicate="part_of", object=whole_name, cue=m.span())
    for m in _PART_OF.finditer(view.text):
        whole = first_after(view, m.end(), bodies)
        if not whole or not re.fullmatch(r"[\s\w’'-]{0,25}", view.text[m.end():view.rel(whole)[0]]):
            continue
        member = main_body_before(view, m.start(), bodies)
        subject = member.canonical if member and not view.pointing else subject_before(view, m.start())
        if subject and subject != whole.canonical:
            yield RuleClaim(subject=subject, predicate="part_of", object=whole.canonical, cue=m.span())


_ACCOUNTABLE = re.compile(r"\b(?:accountable\s+to|answer(?:s|able)?\s+to|report(?:s|ing)?\s+to|held\s+to\s+account\b[^.]*?\bby|"
                          r"(?:overseen|regulated|supervised|scrutinised|scrutinized|performance[\s-]managed)\s+by)\b", re.I)


@rule("accountable_to")
def accountable_to(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _ACCOUNTABLE.finditer(view.text):
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


_MERGE = re.compile(r"\b(?:merg(?:er|ing|ed|e)|combin(?:e|ing)|amalgamat\w+)\b", re.I)


_ABSORBS = re.compile(r"\b(?:absorb(?:s|ed|ing)?|fold(?:s|ed)?\s+in)\b", re.I)
""""NHS England absorbed NHS Improvement": the body before and the one after have merged."""


@rule("merges_with")
def merges_with(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _ABSORBS.finditer(view.text):
        absorber, absorbed = nearest_before(view, m.start(), bodies), first_after(view, m.end(), bodies)
        if absorber and absorbed and absorber.canonical != absorbed.canonical and view.rel(absorbed)[0] - m.end() < 25:
            a, b = sorted([absorber.canonical, absorbed.canonical])
            yield RuleClaim(subject=a, predicate="merges_with", object=b, cue=m.span())
    for m in _MERGE.finditer(view.text):
        after = [b for b in bodies if 0 <= view.rel(b)[0] - m.end() < 40]
        before = [b for b in bodies if 0 <= m.start() - view.rel(b)[1] < 40]
        for group in (after, before):
            pair = list(dict.fromkeys(b.canonical for b in group))[:2]
            if len(pair) == 2 and re.search(r"\b(?:and|with|&)\b", view.between(*sorted(
                    [view.rel(group[0])[1], view.rel([b for b in group if b.canonical == pair[1]][0])[0]]))):
                a, b = sorted(pair)
                yield RuleClaim(subject=a, predicate="merges_with", object=b, cue=m.span())
                break
