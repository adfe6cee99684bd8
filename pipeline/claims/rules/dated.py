"""`dated`: the event a date is the date of (publication, a start, a deadline, royal assent...),
and what it is the event of: the policy published, the body whose deadline it is."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import Entity
from ...vocabulary import Patterns, Vocabulary, Words
from ..discourse import is_reporter
from ..view import SentenceView, first_after, grammatical_subject, nearest_before
from .base import RuleClaim, RuleContext, rule


def _event_cues(vocabulary: Vocabulary) -> list[tuple[str, re.Pattern]]:
    """One pattern per event of events.yml, in its order (the first wins a tie)."""
    return [(event, vocabulary.compile(rf"\b{{events.{event}}}\b")) for event in vocabulary.mapping("events")]


def _event_nouns(vocabulary: Vocabulary) -> tuple[dict[str, str], re.Pattern]:
    """The nouns that name an event ("the passing of the Bill in May 2022") and a pattern ending at a date."""
    nouns = {noun.lower(): event for noun, event in vocabulary.mapping("event_nouns").items()}
    noun = "|".join(map(re.escape, nouns))
    listed = r"(?:,\s+(?:the\s+)?(?:\w+\s+){0,3}?[A-Z][^,;()]{1,40}?)*"  # "the launch of X, the new Y and Z on"
    return nouns, re.compile(rf"\b({noun})\s+(?:of|by|with)\s+(?:the\s+)?[^,;()]{{2,60}}?{listed}\s+(?:in|on)\s+$", re.I)


def _document_lines(vocabulary: Vocabulary) -> list[tuple[str, re.Pattern]]:
    """Per event, the words that, with a date and nothing else, make a line dating the document itself."""
    return [(event, vocabulary.compile(rf"^\s*(?:date\s+)?{{document_lines.{event}}}\s*:?\s*(?:on\s+)?$"))
            for event in vocabulary.mapping("document_lines")]


GRAMMAR = {
    "copular_verbs": Words("copular_verbs"),
    "document_lines": _document_lines,
    # "This report was published in 2021", "This was updated on"
    "document_itself": r"^\s*{the_document}\s+(?:was|has\s+been|is|were)\s+(?:first\s+|last\s+)?(\w+)",
    "event_cues": _event_cues,
    "event_nouns": _event_nouns,
    "deadline": r"\b{deadline}\s+(?:{time_of_day}\s+(?:on\s+)?)?"
                r"(?:the\s+)?(?:(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?)?$",
    # a law taking effect: its subject is a policy, never the body beside it ("introduced to Parliament")
    "in_force": r"\b{in_force}\b",
    # "Second Reading is on 3 May": a stage of a bill, whose subject is the bill
    "bill_stage": r"\b{bill_stages}\b",
    # "NHS England gave ICSs a deadline": the body that gives or asks is not the one the deadline is for
    "agent_verb": r"\s*(?:\([^)]*\)\s*)?(?:has\s+|have\s+|had\s+)?{giving}\b",
}
"""Templates over annotations/rules/events.yml and verbs.yml (see pipeline/vocabulary.py)."""
_FOR_A_PERIOD = re.compile(r"\bfor\s+(?:the\s+)?(?:(?:financial|calendar)\s+)?(?:years?\s+|period\s+)?$", re.I)
_ABOUT = re.compile(r"\b(?:for|on|about|into|to)\s+(?:an?\s+|the\s+)?(?:[A-Z]\w+['’]s\s+)?$")
"""A policy after these is what the thing published is about ("an analysis on the minister's Green Paper")."""
_IN_PASSING = re.compile(r"\b(?:of|by|for|with|from|at)\s+(?:the\s+|a\s+|an\s+)?(?:[A-Za-z]+\s+){0,2}$")
"""A body after a preposition is named in passing ("a lead of X ICS", "backed by Y"): it did nothing."""


@rule("dated")
def dated(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    text, p = view.text, context.patterns
    named = [e for e in view.of("BODY", "POLICY") if e.canonical]
    for date in view.of("DATE"):
        if not date.date_start:
            continue
        start, end = view.rel(date)
        itself = _document_event(view, start, end, p)
        if itself is not None:  # "Published 3 May 2023", "This report was updated in June": the document's own event
            yield RuleClaim(subject=view.title, predicate="dated", event=itself, date_start=date.date_start,
                            date_end=date.date_end, date_granularity=date.date_granularity, cue=(0, end), date_entity=date)
            continue
        if date.date_granularity != "day" and _FOR_A_PERIOD.search(text[max(0, start - 30):start]):
            continue  # "the planning guidance for 2016-2017": the period it is for, not when anything happened
        policy_after = next((e for e in named if e.label == "POLICY" and 0 <= view.rel(e)[0] - end <= 2), None)
        if policy_after is not None and date.date_granularity == "financial_year":
            continue  # "the 2019/20 GP contract": the year it runs for
        if policy_after is not None:  # "the January 2019 NHS Long Term Plan": the date names the publication
            yield RuleClaim(subject=policy_after.canonical, predicate="dated", event="published",
                                date_start=date.date_start, date_end=date.date_end,
                                date_granularity=date.date_granularity, cue=(start, view.rel(policy_after)[1]),
                                date_entity=date)
            continue
        before = text[max(0, start - 30):start]
        to_come = bool(view.published) and date.date_start[:len(view.published)] > view.published
        event, cue_span = _event_for(view, start, end, before, p, to_come)
        stage = p.bill_stage.search(view.clause_around(start, end))
        if stage and event in (None, "other"):  # "Second Reading is set for 14 July": the bill's stage
            event, cue_span = "other", (min(stage.start() + text.find(view.clause_around(start, end)), start), end)
        if event is None:
            continue
        if event == "effective" and re.match(r"launch", text[cue_span[0]:], re.I) and _launched_policy(view, cue_span):
            event = "published"  # "the launch of the Plan in May": a paper appears; a body launched takes effect
        law_in_force = (event == "effective" and bool(p.in_force.search(text, cue_span[0], cue_span[1] + 1))) or bool(stage)
        actor = _nominal_actor(view, cue_span, named, p.event_nouns[0])
        if event == "effective" and not law_in_force:
            doer = _doer_of_something(view, start, end, cue_span, p.copular_verbs)
            if doer is not None:  # "From May the council will introduce a charge": the council did something then
                if not doer[0]:
                    continue
                event, actor = "other", doer[1]
        if event == "published":  # what is published is a paper, plan or bill, never the body that publishes it
            subject_entity = _published_thing(view, cue_span, start, end, [e for e in named if e.label == "POLICY"])
            if subject_entity is None:  # "the government set out its plan on ...": nothing named is published;
                subject_entity = actor or _actor(view, start, end, named)  # the body did something then
                event = "other"
            if subject_entity is None:
                continue
        elif actor is not None:  # "the Treasury's announcement on", "a merger by X in": the noun's own actor
            subject_entity = actor
        elif event == "deadline":
            subject_entity = _clause_subject(view, start, named, p) or nearest_before(view, start, named)
            if subject_entity is not None:  # what is due by then lies between the subject and the date
                cue_span = (min(cue_span[0], view.rel(subject_entity)[0]), max(cue_span[1], view.rel(subject_entity)[1]))
        elif law_in_force:  # a law comes into force
            subject_entity = _nearest_policy(view, start, end, [e for e in named if e.label == "POLICY"])
            if subject_entity is None and view.context_policy is None:
                continue
        else:
            pool = [e for e in named if e.label == "POLICY"] if event == "other" else []
            if event == "other" and not pool:  # who did it: never a body named in passing ("a lead of X ICS", "backed by Y")
                pool = [e for e in named if not is_reporter(view, e, p)
                        and not _IN_PASSING.search(text[max(0, view.rel(e)[0] - 30):view.rel(e)[0]])]
                if not pool:
                    pool = [we] if (we := _author_subject(view, start)) else []  # "in June we opened a review of ..."
                if not pool:
                    continue
            if event == "merged":  # "X merged with Y in May": the body after a preposition is named in passing
                pool = [e for e in named if not _IN_PASSING.search(text[max(0, view.rel(e)[0] - 30):view.rel(e)[0]])]
            subject_entity = nearest_before(view, start, pool or named)
            if subject_entity is None and not view.pointing:
                subject_entity = first_after(view, end, pool or named)
                if event == "other" and subject_entity is not None and not re.fullmatch(
                        r"[\s,]*(?:(?:the|all|some|many|\d+)\s+)?", text[end:view.rel(subject_entity)[0]], re.I):
                    continue  # "In 2021 NHS England will ...": the actor opens the clause after the date, or it is not the actor
        subject = subject_entity.canonical if subject_entity else (view.context_policy if law_in_force else view.context_subject)
        if event in ("other", "deadline") and subject_entity is None and not view.pointing and not stage:
            continue  # a sentence with no actor of its own does not lend the event to the one before
        subjects = [subject] if subject else []
        noun = re.match(r"\w*", text[max(0, cue_span[0]):]).group(0).lower()
        if event == "published" and noun in p.event_nouns[0]:  # "the launch of X, Y and Z on": each of them
            subjects += [e.canonical for e in named if e.label == "POLICY" and cue_span[0] <= view.rel(e)[0] < start]
        for subject in dict.fromkeys(subjects):
            yield RuleClaim(subject=subject, predicate="dated", event=event, date_start=date.date_start,
                            date_end=date.date_end, date_granularity=date.date_granularity, cue=cue_span,
                            date_entity=date)


def _document_event(view: SentenceView, start: int, end: int, p: Patterns) -> str | None:
    """The event of the document itself that a date gives: on a line holding only the date and the
    words of document_lines, or in a sentence opening "This (report) was published"."""
    if not view.title:
        return None
    if not view.text[end:].strip(" ."):
        event = next((event for event, pattern in p.document_lines if pattern.search(view.text[:start])), None)
        if event is not None:
            return event
    itself = p.document_itself.match(view.text)
    if itself is None or itself.end() > start:
        return None
    verb = itself.group(1).lower()
    return next((event for event, pattern in p.document_lines if pattern.search(verb)), None)


def _launched_policy(view: SentenceView, cue: tuple[int, int]) -> bool:
    """Is what "the launch of ..." at `cue` names first a policy that is no law (a plan, a contract)?"""
    first = next((e for e in view.of("BODY", "POLICY") if cue[0] <= view.rel(e)[0] < cue[1]), None)
    return first is not None and first.label == "POLICY" and not re.search(r"\b(?:Act|Bill)\b", first.text)


def _author_subject(view: SentenceView, start: int) -> Entity | None:
    """The document's author, where "we" is the subject of the clause at `start`."""
    parse, words = view.parse, view.syntax
    i = parse.word_at(start) if parse is not None and words is not None else None
    found = parse.path_to_subject(i, words.climb_through) if i is not None else None
    return _author_at(view, found[1]) if found is not None else None


def _author_at(view: SentenceView, i: int) -> Entity | None:
    """The document's author standing as the body at word `i`, where that word is "we"."""
    word = view.parse.words[i]
    if not view.author or word.lemma != "we":
        return None
    start = view.sentence.start_char + word.start
    return Entity("BODY", start, start + len(word.text), word.text, view.sentence.idx, canonical=view.author)


def _nominal_actor(view: SentenceView, cue: tuple[int, int], named: list[Entity], nouns: dict[str, str]) -> Entity | None:
    """Who does what an event noun at `cue` names: the body whose possessive it follows ("X's merger
    with Y in May") or the one after its "by" ("an announcement by X on 2 May")."""
    text = view.text
    noun = re.match(r"\w+", text[cue[0]:cue[1]])
    if noun is None or noun.group(0).lower() not in nouns:
        return None
    bodies = [e for e in named if e.label == "BODY"]
    possessor = next((b for b in bodies if re.fullmatch(r"['’]s\s+", text[view.rel(b)[1]:cue[0]])), None)
    if possessor is not None:
        return possessor
    by = re.match(r"\w+\s+by\s+(?:the\s+)?", text[cue[0]:cue[1]], re.I)
    return next((b for b in bodies if by and view.rel(b)[0] == cue[0] + by.end()), None)


def _actor(view: SentenceView, start: int, end: int, named: list[Entity]) -> Entity | None:
    """The body the parse makes the subject of the date's clause; without a parse that decides, the
    body that opens the clause right after a date leading it ("On 2 May, the council set out ...")."""
    bodies = [e for e in named if e.label == "BODY"]
    decided, body = grammatical_subject(view, start, bodies)
    if decided:
        return body
    we = _author_subject(view, start)
    if we is not None:  # "in May we published a report"
        return we
    after = first_after(view, end, bodies)
    opens = after is not None and re.fullmatch(r"[\s,]*(?:the\s+)?", view.text[end:view.rel(after)[0]], re.I)
    return after if opens and not nearest_before(view, start, bodies) else None


def _clause_subject(view: SentenceView, start: int, named: list[Entity], p: Patterns) -> Entity | None:
    """Who a deadline is set for: the first body of the date's clause (after a ";" or a "that"),
    or, when that body only gives or asks ("NHS England gave ICSs a deadline"), the one after it."""
    clause_start = max(*(view.text.rfind(ch, 0, start) for ch in (";", " – ", " - ")),
                       *(m.end() for m in re.finditer(r"\bthat\b", view.text[:start])), 0)
    in_clause = [e for e in named if clause_start <= view.rel(e)[0] and view.rel(e)[1] <= start and not is_reporter(view, e, p)]
    if not in_clause:  # "that by 2021 all of the NHS will be developed as ICSs": the subject follows the date
        clause_end = min([i for i in (view.text.find(ch, start) for ch in (";", ".")) if i >= 0] or [len(view.text)])
        after = [e for e in named if start < view.rel(e)[0] < clause_end and e.canonical not in p.never_subjects]
        return after[0] if after and clause_start > 0 else None
    first = in_clause[0]
    if p.agent_verb.match(view.text, view.rel(first)[1]) and len(in_clause) > 1:
        return in_clause[1]
    return first


def _published_thing(view: SentenceView, cue: tuple[int, int], start: int, end: int, named: list[Entity]) -> Entity | None:
    """What was published: the policy right after an active "published (the)", else the nearest policy
    that is neither what the thing published after the verb is about ("published a report on the White
    Paper", "proposals for a Bill") nor the one another date of the sentence stands closer to ("X, published in 2014, and Y,
    published in 2024")."""
    text = view.text
    after_cue = next((e for e in named if e.label == "POLICY" and 0 <= view.rel(e)[0] - cue[1] <= 25
                      and re.fullmatch(r"\s*(?:the|a|its|their|new|draft|\s)*", text[cue[1]:view.rel(e)[0]], re.I)), None)
    if after_cue is not None:
        return after_cue
    dates = [view.rel(d) for d in view.of("DATE") if view.rel(d) != (start, end)]
    named = [e for e in named if not (view.rel(e)[0] >= cue[1] and _ABOUT.search(text[:view.rel(e)[0]][-30:]))
             and not any(min(view.rel(e)[1], start) <= a and b <= max(view.rel(e)[0], end) for a, b in dates)]
    before_cue = [e for e in named if view.rel(e)[1] <= cue[0]] if cue[0] < start else []
    return _nearest_policy(view, start, end, before_cue or named)  # "X, released in May": X


def _event_for(view: SentenceView, start: int, end: int, before: str, p: Patterns,
               to_come: bool = False) -> tuple[str | None, tuple[int, int]]:
    """The event a date is the date of: a "by"/"before" target (said of the future, or `to_come`: after
    the document's date), a "from" start, else the nearest event cue in the date's clause."""
    text = view.text
    nouns, nominal_event = p.event_nouns
    nominal = nominal_event.search(text[max(0, start - 90):start])
    if nominal and re.search(r"\banniversary\s+of\s+(?:the\s+)?$", text[:start - len(nominal.group(0))], re.I):
        return None, (start, end)  # "the 70th anniversary of the creation of the NHS in 2018": 2018 is not when it was created
    if nominal:  # "the passing of the Bill in May 2022": the noun names the event
        return nouns[nominal.group(1).lower()], (start - len(nominal.group(0)), end)
    if p.deadline.search(before):
        clause = view.clause_around(start, end)
        clause_start = text.find(clause)
        if p.future_or_duty.search(text[max(0, clause_start, start - 160):end + 30]):  # "will replace ... by 2021"
            return "deadline", (start - 8, end)
        if to_come:  # "cuts of 30% by October": a date still to come when the document was written is a target
            return "deadline", (start - 8, end)
        return None, (start, end)
    if re.search(r"\bfrom\s*$", before, re.I) and not re.search(r"\bto\b", text[end:end + 8]):
        if _modifies_noun(view, start, end):  # "eligible for the payments from June": the payments' time
            return None, (start, end)
        verb = re.match(r",?[^,;.]{0,40}", text[end:])  # "From April 2022 ICSs are expected to ...": what starts then
        return "effective", (start - 6, end + verb.end())
    clause = view.clause_around(start, end)
    clause_start = text.find(clause)
    window_start, window_end = max(clause_start, start - 100), min(clause_start + len(clause), end + 120)
    best = None
    for event, pattern in p.event_cues:
        for m in pattern.finditer(text, window_start, window_end):
            distance = min(abs(m.start() - end), abs(start - m.end()))
            if m.start() >= end and re.search(r",|\band\b", text[end:m.start()]):
                distance += 50  # "introduced in July 2021 and became law in April 2022": the later verb has its own date
            if best is None or distance < best[0]:
                best = (distance, event, (min(m.start(), start), max(m.end(), end)))
    if best is None:
        return None, (start, end)
    return best[1], best[2]


def _date_head(view: SentenceView, start: int, end: int) -> int | None:
    """The word of the date the parse attaches to the rest of the sentence."""
    parse = view.parse
    inside = [i for i, w in enumerate(parse.words) if start <= w.start < end] if parse is not None else []
    heads = [i for i in inside if parse.words[i].head not in inside]
    return heads[0] if len(heads) == 1 else None


def _doer_of_something(view: SentenceView, start: int, end: int, cue: tuple[int, int],
                       copular: frozenset[str]) -> tuple[bool, Entity | None] | None:
    """Where the date's event verb, or the verb the date sits on, is active and its object no body or policy ("the council will
    introduce a charge from May", "we launched an inquiry in July"), nothing named starts then: the
    subject did something. (True, body) for a body subject, (False, None) for another; None where the
    parse does not say so."""
    parse, i = view.parse, _date_head(view, start, end)
    if parse is None:
        return None
    verbs = [j for j, w in enumerate(parse.words)
             if w.pos == "VERB" and cue[0] <= w.start < cue[1] and not start <= w.start < end]
    if i is not None and parse.words[i].dep.startswith("obl"):
        verbs.append(parse.words[i].head)
    verb = next((j for j in verbs if parse.words[j].pos == "VERB" and parse.children(j, "nsubj")), None)
    if verb is not None and parse.words[verb].lemma in copular:
        return None
    if verb is None:
        return None
    subjects, objects = parse.children(verb, "nsubj"), parse.children(verb, "obj", "iobj")
    if not objects:
        return None
    named = view.of("BODY", "POLICY")
    if any(any(view.rel(e)[0] <= parse.words[j].start < view.rel(e)[1] for e in named) for j in objects):
        return None
    decided, body = grammatical_subject(view, parse.words[verb].start, view.of("BODY"))
    body = body or _author_at(view, subjects[0])
    return (body is not None, body) if decided or parse.words[subjects[0]].pos == "PRON" else None


def _modifies_noun(view: SentenceView, start: int, end: int) -> bool:
    """Does the parse attach the date to a noun in a prepositional phrase that names no body or policy
    ("to be eligible for the payments from June"), not to what a verb makes of its subject ("became statutory
    bodies from July")?"""
    i = _date_head(view, start, end)
    if i is None or not view.parse.words[i].dep.startswith("nmod"):
        return False
    head = view.parse.words[view.parse.words[i].head]
    named = any(view.rel(e)[0] <= head.start < view.rel(e)[1] for e in view.of("BODY", "POLICY"))
    return head.pos == "NOUN" and head.dep.startswith(("obl", "nmod")) and not named


def _nearest_policy(view: SentenceView, start: int, end: int, named: list[Entity]) -> Entity | None:
    policies = [e for e in named if e.label == "POLICY"]
    pool = policies or named
    if not pool:
        return None
    return min(pool, key=lambda e: min(abs(view.rel(e)[1] - start), abs(view.rel(e)[0] - end)))
