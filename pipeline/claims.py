"""Claims: the entities of each sentence in, `Claim` records out (SPEC §4).

Rules over the entities of a sentence and the words between them, one function per
predicate; no parser, so that the pipeline keeps the speed of the tokenizer. Subjects
that the sentence only points to ("It", "This body", "They", "current systems") resolve
to the subject of the sentence before. Modality and negation are read from the clause
around the cue; `as_of` is an explicit date in the sentence, else the document's time.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .records import Claim, Entity, Sentence
from .registry import Registry, load_registry

# ------------------------------------------------------------------ qualifiers
_POSSIBILITY = re.compile(r"\b(?:could|might|possib(?:le|ly|ility)|potential(?:ly)?|perhaps)\b"
                          r"|(?<![\d\s]\d\s)(?<!\b(?:in|of|by|on|to)\s)\b[Mm]ay\b(?!\s+(?:19|20)\d\d)", re.I)
""""may" as a modal, not the month: "in May 2022", "11 May", "by May" are dates."""
_REQUIREMENT = re.compile(r"\b(?:must|should|required to|requirement|expected to|needs? to|has to|have to|obliged to|mandat\w+|duty to|"
                          r"(?:told|instructed|directed|ordered)\s+(?:[\w’'-]+\s+){1,4}?to|"
                          r"(?:gave|given|set)\s+(?:\w+\s+){0,3}a\s+deadline|"
                          r"(?:is|are|was|were|been|being)\s+(?:also\s+)?(?:asked|told|instructed|directed|ordered)\b"
                          r"(?:\s+by\s+[\w\s&]{2,40}?)?\s+to)\b", re.I)
_PROPOSAL = re.compile(r"\b(?:propos(?:e|es|ed|ing)|(?:under|in)\s+(?:the|these|its)\s+proposals|proposals?\s+(?:to|for|that)|"
                       r"would|recommend\w*|option\s+(?:one|two)|suggest\w*(?!\s+that)|consult(?:s|ed|ing)?\s+on|"
                       r"(?:paper|proposals?|bill)\s+(?:also\s+)?sets?\s+out|proposals\s+(?:\w+\s+)?includ\w*|"
                       r"(?:asked|asking|urged|urging|called\s+(?:on|upon))\s+(?:\w+\s+){0,6}to)\b", re.I)
_PLAN = re.compile(r"\b(?:will|shall|is to|are to|set to|scheduled|(?<!have\s)(?<!has\s)(?<!had\s)planned|plans? to|intend\w*|going to|due to|"
                   r"formation of|to be (?:developed|created|established)|yet to be|target\w*)\b", re.I)
_REPORTED_PLAN = re.compile(r"\b(?:confirmed|announced|committed|stated|said|set\s+out|made\s+clear)\s+(?:that\b)?(?:(?!\bpropos)[^;])*\bwould\b"
                            r"(?:(?!\bpropos|\brecommend|\bsuggest|\bconsult)[^;])*$", re.I)
"""A "would" that reports a decision ("the Plan confirmed that all areas would be served") is a plan."""
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without|cannot)\b|n't\b", re.I)
_PRONOUN_START = re.compile(
    r"^(?:(?:however|but|and|further|furthermore|in addition|also|instead|as a result|since \d{4}|in \d{4}),?\s+)?"
    r"(?:it(?!\s+(?:is|was|has\s+been|had\s+been|seems|seemed|remains|appears|would\s+be|will\s+be)\s+(?:\w+\s+)?"
    r"(?:that|since|clear|unclear|(?:un)?likely\s+that|possible|impossible|difficult|hard|important|only|worth|"
    r"reported|said|thought|understood|believed)\b)"
    r"|its|this|these|they|their|them|such|the (?:board|body|partnership|system|new body|new bodies|organisation)s?"
    r"|this (?:body|board|organisation|partnership|system)|current systems|these (?:bodies|systems|partnerships))\b", re.I)
"""A sentence that points back to the one before; an expletive "it" ("It is clear that", "It is only six
years since") points to nothing."""


_OPTION = re.compile(r"^\s*(?:option|proposal|recommendation)\s+(?:\w+|\d+)\s*[:.–-]", re.I)
_WOULD_HAVE_TO = re.compile(r"\bwould\s+(?:have|need|be\s+required|be\s+expected)\s+to\b", re.I)


def modality_of(clause: str, sentence: str) -> str:
    """fact, plan, proposal, requirement, possibility or question, from the clause's words."""
    if sentence.rstrip().endswith("?"):
        return "question"
    if _OPTION.match(sentence) or _WOULD_HAVE_TO.search(clause):
        return "proposal"  # "Option two: to create ...", "CCGs would have to merge"
    if _POSSIBILITY.search(clause):
        return "possibility"
    if _REQUIREMENT.search(clause):
        return "requirement"
    if _PROPOSAL.search(clause) and not _REPORTED_PLAN.search(clause):
        return "proposal"
    if _PLAN.search(clause) or _REPORTED_PLAN.search(clause):
        return "plan"
    return "fact"


def negated_in(clause: str) -> int:
    return 1 if _NEGATION.search(clause) else 0


# ------------------------------------------------------------------ sentence view
@dataclass
class SentenceView:
    """One sentence with its entities, offsets relative to the sentence text."""

    sentence: Sentence
    entities: list[Entity]
    context_subject: str | None  # what a pronoun at its start refers to
    context_policy: str | None = None  # the policy named last before: what "its provisions came into force" is about
    pointing: bool = False  # does the sentence open with a word that points back ("It", "They", "The board")?

    @property
    def text(self) -> str:
        return self.sentence.text

    def rel(self, entity: Entity) -> tuple[int, int]:
        return entity.start_char - self.sentence.start_char, entity.end_char - self.sentence.start_char

    def of(self, *labels: str) -> list[Entity]:
        return [e for e in self.entities if e.label in labels]

    def bodies(self) -> list[Entity]:
        return self.of("BODY")

    def between(self, a: int, b: int) -> str:
        return self.text[min(a, b):max(a, b)]

    def clause_around(self, start: int, end: int) -> str:
        """The clause holding [start, end): bounded by ; : – or a sentence edge."""
        left = max(self.text.rfind(ch, 0, start) for ch in (";", ":", "–", " - ", "?"))
        rights = [i for i in (self.text.find(ch, end) for ch in (";", "–", " - ")) if i >= 0]
        return self.text[left + 1 if left >= 0 else 0:min(rights) if rights else len(self.text)]


def _nearest_before(view: SentenceView, offset: int, candidates: list[Entity]) -> Entity | None:
    before = [e for e in candidates if view.rel(e)[1] <= offset]
    return before[-1] if before else None


def _first_after(view: SentenceView, offset: int, candidates: list[Entity]) -> Entity | None:
    after = [e for e in candidates if view.rel(e)[0] >= offset]
    return after[0] if after else None


def _subject_before(view: SentenceView, offset: int, labels=("BODY",)) -> str | None:
    """The nearest body before `offset`, else what a leading pronoun refers to."""
    entity = _nearest_before(view, offset, view.of(*labels))
    if entity is not None and entity.canonical:
        return entity.canonical
    return view.context_subject if view.pointing else None


# ------------------------------------------------------------------ predicates
_OBJECT_OF_VERB = re.compile(r"\b(?:within|by|into|inside|under|to|with|are|is|were|was|become|became)\s+"
                             r"(?:an?\s+|the\s+|each\s+|every\s+|their\s+|its\s+)?(?:new\s+|statutory\s+)?$", re.I)


def _nearest_unless(view: SentenceView, offset: int, bodies: list[Entity], preceded_by: re.Pattern) -> Entity | None:
    """The nearest body before `offset` whose 20 characters before do not end in `preceded_by`;
    else the nearest body before `offset`."""
    before = [b for b in bodies if view.rel(b)[1] <= offset]
    for body in reversed(before):
        if not preceded_by.search(view.text[max(0, view.rel(body)[0] - 20):view.rel(body)[0]]):
            return body
    return before[-1] if before else None


def _actor_before(view: SentenceView, offset: int, bodies: list[Entity]) -> Entity | None:
    """The nearest body before `offset` that is not the object or complement of a verb ("PCNs sit within
    ICSs and serve 50,000 people": the PCNs; "ICBs are NHS bodies and must ...": the ICBs)."""
    return _nearest_unless(view, offset, bodies, _OBJECT_OF_VERB)


def claims_has_population(view: SentenceView) -> Iterator[dict]:
    for pop in view.of("POPULATION"):
        start, end = view.rel(pop)
        subject_entity = _actor_before(view, start, [b for b in view.bodies() if b.canonical])
        subject = subject_entity.canonical if subject_entity else (view.context_subject if view.pointing else None)
        if subject:
            yield {"subject": subject, "predicate": "has_population", "value_min": pop.pop_min,
                   "value_max": pop.pop_max, "cue": (start, end)}


DOCUMENT_TIME = "document"  # an as_of that is the document's own time, whatever other dates the sentence holds
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
_COUNT_BEFORE = re.compile(
    r"(?:there\s+(?:are|were|will\s+be)|are\s+now|(?:now\s+)?(?:has|have|had)|into|around|about|approximately|roughly|some|remaining|total\s+of|"
    r"(?:replaced|succeeded|reduced|cut|merged)\s+(?:by|to|into)|"
    r"out\s+of|all)\s+(?:the\s+)?$", re.I)
_COUNT_NUMBER = re.compile(r"(\d{1,4}|[a-z]+(?:-[a-z]+)?)\s+(?:[A-Za-z-]+\s+){0,2}$", re.I)
_NUMBER_CHANGE = re.compile(r"number\s+(?:\w+\s+){0,2}from\s+(\d+)\s+in\s+((?:19|20)\d\d)\s+to\s+(\d+)(?:\s+in\s+((?:19|20)\d\d)|\s+now)?", re.I)
_DEVELOPED_IN = re.compile(r"(?:(?:developed|established|operating|in\s+place)\s+in|cover(?:ed|s|ing)?)\s+(\d+)\s+areas", re.I)


def _number_value(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _NUMBER_WORDS and unit in _NUMBER_WORDS:
            return _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
    return _NUMBER_WORDS.get(word)


def claims_has_count(view: SentenceView, registry: Registry) -> Iterator[dict]:
    text = view.text
    kinds = [b for b in view.bodies() if (registry.bodies.get(b.canonical) or {}).get("kind") == "type"]
    for body in kinds:
        start, end = view.rel(body)
        m = _COUNT_NUMBER.search(text[max(0, start - 40):start])
        if not m:
            continue
        value = _number_value(m.group(1))
        prefix = text[:start - len(m.group(0))]
        after = text[end:end + 40].lower()
        total = (_COUNT_BEFORE.search(prefix) or re.match(r"\s*(?:\([^)]*\)\s*)?(?:areas\s+)?(?:in|across)\s+england", after)
                 or re.search(r"(?:^|[,;:]\s*)$", prefix) and not re.match(r"\s*(?:[–—:(]|-\s)", after) and (value or 0) >= 10)
        # "Since July 2022, 42 boards have ...": a clause that opens with the number is a total, unless examples
        # follow ("Two ICSs – Greater Manchester and Surrey – have ...") or the number is small ("Three boards reported")
        if value and value > 1 and total and not re.search(r"\bof\s+the\s+$", prefix):
            yield {"subject": body.canonical, "predicate": "has_count", "value_min": value, "value_max": value,
                   "cue": (start - len(m.group(0)), end)}
    for m in _NUMBER_CHANGE.finditer(text):
        subject = _subject_before(view, m.start()) or (kinds[0].canonical if kinds else None)
        if subject:
            y = m.group(2)
            yield {"subject": subject, "predicate": "has_count", "value_min": int(m.group(1)),
                   "value_max": int(m.group(1)), "as_of": (f"{y}-01-01", f"{y}-12-31"), "cue": m.span()}
            later = (f"{m.group(4)}-01-01", f"{m.group(4)}-12-31") if m.group(4) else DOCUMENT_TIME  # "to 195 now"
            yield {"subject": subject, "predicate": "has_count", "value_min": int(m.group(3)),
                   "value_max": int(m.group(3)), "as_of": later, "cue": m.span()}
    for m in _DEVELOPED_IN.finditer(text):
        subject = _subject_before(view, m.start())
        if subject:
            yield {"subject": subject, "predicate": "has_count", "value_min": int(m.group(1)),
                   "value_max": int(m.group(1)), "cue": m.span()}


EVENT_CUES = [
    ("royal_assent", re.compile(r"royal\s+assent", re.I)),
    ("consultation_closed", re.compile(r"closing\s+date|closed|closes|consultation\s+(?:ends|ended)", re.I)),
    ("abolished", re.compile(r"\babolish\w*", re.I)),
    ("merged", re.compile(r"\bmerg(?:ed|er)\b|\babsorb(?:ed|s)\b", re.I)),
    ("effective", re.compile(r"\b(?:bec[oa]me|becoming|becomes)\s+(?:legal\s+entities|statutory|law)|statutory\s+(?:bodies|status)\s+from|"
                             r"(?:will|would|shall)\s+(?:be|become)\s+statutory|"
                             r"came\s+into\s+(?:force|effect|being)|took\s+effect|go\s+live|went\s+live|established\s+(?:on|in|from)|"
                             r"implementation|launched|(?:were|was|will\s+be|be)\s+(?:created|formed|set\s+up|established)", re.I)),
    ("published", re.compile(r"\b(?:publish\w*|publication|released?|issued|announced|appeared|sets?\s+out|unveiled)\b", re.I)),
    ("deadline", re.compile(r"\b(?:by|before|no\s+later\s+than|deadline\s+of|deadline|until)\s+"
                            r"(?:the\s+)?(?:(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?)?$", re.I)),
    ("other", re.compile(r"\b(?:since|opened|appointed|lodged|began|started|passed|passing|finished|(?:was|were|been)\s+introduced)\b", re.I)),
]


_AGENT_VERB = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:has\s+|have\s+|had\s+)?(?:gave|gives|give|asked|asks|told|tells|required|requires|"
                         r"instructed|instructs|set|sets|expects|expected)\b", re.I)


def claims_dated(view: SentenceView) -> Iterator[dict]:
    text = view.text
    named = [e for e in view.of("BODY", "POLICY") if e.canonical]
    for date in view.of("DATE"):
        if not date.date_start:
            continue
        start, end = view.rel(date)
        policy_after = next((e for e in named if e.label == "POLICY" and 0 <= view.rel(e)[0] - end <= 2), None)
        if policy_after is not None:  # "the January 2019 NHS Long Term Plan": the date names the publication
            yield {"subject": policy_after.canonical, "predicate": "dated", "event": "published",
                   "date_start": date.date_start, "date_end": date.date_end,
                   "date_granularity": date.date_granularity, "cue": (start, view.rel(policy_after)[1]),
                   "date_entity": date}
            continue
        before = text[max(0, start - 30):start]
        event, cue_span = _event_for(view, start, end, before)
        if event is None:
            continue
        law_in_force = event == "effective" and bool(_IN_FORCE.search(text, cue_span[0], cue_span[1] + 1))
        if event == "published":  # what is published is a paper, plan or bill, never the body that publishes it
            subject_entity = _published_thing(view, cue_span, start, end, [e for e in named if e.label == "POLICY"])
            if subject_entity is None:
                continue
        elif event == "deadline":
            subject_entity = _clause_subject(view, start, named) or _nearest_before(view, start, named)
            if subject_entity is not None:  # what is due by then lies between the subject and the date
                cue_span = (min(cue_span[0], view.rel(subject_entity)[0]), max(cue_span[1], view.rel(subject_entity)[1]))
        elif law_in_force:  # a law comes into force
            subject_entity = _nearest_policy(view, start, end, [e for e in named if e.label == "POLICY"])
            if subject_entity is None and view.context_policy is None:
                continue
        else:
            pool = [e for e in named if e.label == "POLICY"] if event == "other" else []
            if event == "other" and not pool:  # who did it: never a body named in passing ("a lead of X ICS", "backed by Y")
                pool = [e for e in named if not _reporter(view, e) and not _IN_PASSING.search(text[max(0, view.rel(e)[0] - 30):view.rel(e)[0]])]
                if not pool:
                    continue
            subject_entity = _nearest_before(view, start, pool or named)
            if subject_entity is None and not view.pointing:
                subject_entity = _first_after(view, end, pool or named)
                if event == "other" and subject_entity is not None and not re.fullmatch(
                        r"[\s,]*(?:(?:the|all|some|many|\d+)\s+)?", text[end:view.rel(subject_entity)[0]], re.I):
                    continue  # "In 2021 NHS England will ...": the actor opens the clause after the date, or it is not the actor
        subject = subject_entity.canonical if subject_entity else (view.context_policy if law_in_force else view.context_subject)
        if event == "other" and subject_entity is None and not view.pointing:
            continue  # a sentence with no actor of its own does not lend the event to the one before
        if subject:
            yield {"subject": subject, "predicate": "dated", "event": event, "date_start": date.date_start,
                   "date_end": date.date_end, "date_granularity": date.date_granularity, "cue": cue_span,
                   "date_entity": date}


_IN_FORCE = re.compile(r"\b(?:bec[oa]me|becoming|becomes)\s+law|came\s+into\s+(?:force|effect)|took\s+effect|in\s+force", re.I)
"""Cues of a law taking effect: its subject is a policy, never the body beside it ("introduced to Parliament")."""
_FUTURE_OR_DUTY = re.compile(r"\b(?:will|shall|must|should|expected|required|need|needs|deadline|due|to\s+be|would|plans?|aims?|"
                             r"told|asked|instructed|directed)\b", re.I)


NOMINAL_EVENTS = {"passing": "other", "passage": "other", "publication": "published", "launch": "effective",
                  "creation": "effective", "establishment": "effective", "abolition": "abolished", "merger": "merged"}
_NOMINAL_EVENT = re.compile(r"\b(" + "|".join(NOMINAL_EVENTS) + r")\s+of\s+(?:the\s+)?[^,;()]{2,60}?\s+(?:in|on)\s+$", re.I)


_IN_PASSING = re.compile(r"\b(?:of|by|for|with|from|at)\s+(?:the\s+|a\s+|an\s+)?(?:[A-Za-z]+\s+){0,2}$")


def _clause_subject(view: SentenceView, start: int, named: list[Entity]) -> Entity | None:
    """Who a deadline is set for: the first body of the date's clause (after a ";" or a "that"),
    or, when that body only gives or asks ("NHS England gave ICSs a deadline"), the one after it."""
    clause_start = max(view.text.rfind(";", 0, start), *(m.end() for m in re.finditer(r"\bthat\b", view.text[:start])), 0)
    in_clause = [e for e in named if clause_start <= view.rel(e)[0] and view.rel(e)[1] <= start and not _reporter(view, e)]
    if not in_clause:  # "that by 2021 all of the NHS will be developed as ICSs": the subject follows the date
        clause_end = min([i for i in (view.text.find(ch, start) for ch in (";", ".")) if i >= 0] or [len(view.text)])
        after = [e for e in named if start < view.rel(e)[0] < clause_end and e.canonical not in _NO_SUBJECT]
        return after[0] if after and clause_start > 0 else None
    first = in_clause[0]
    if _AGENT_VERB.match(view.text, view.rel(first)[1]) and len(in_clause) > 1:
        return in_clause[1]
    return first


def _published_thing(view: SentenceView, cue: tuple[int, int], start: int, end: int, named: list[Entity]) -> Entity | None:
    """What was published: the policy right after an active "published (the)", else the nearest policy."""
    after_cue = next((e for e in named if e.label == "POLICY" and 0 <= view.rel(e)[0] - cue[1] <= 25
                      and re.fullmatch(r"\s*(?:the|a|its|their|new|draft|\s)*", view.text[cue[1]:view.rel(e)[0]], re.I)), None)
    return after_cue or _nearest_policy(view, start, end, named)


def _event_for(view: SentenceView, start: int, end: int, before: str) -> tuple[str | None, tuple[int, int]]:
    """The event a date is the date of: a "by"/"before" target, a "from" start, else the nearest
    event cue in the date's clause."""
    text = view.text
    nominal = _NOMINAL_EVENT.search(text[max(0, start - 90):start])
    if nominal and re.search(r"\banniversary\s+of\s+(?:the\s+)?$", text[:start - len(nominal.group(0))], re.I):
        return None, (start, end)  # "the 70th anniversary of the creation of the NHS in 2018": 2018 is not when it was created
    if nominal:  # "the passing of the Bill in May 2022": the noun names the event
        return NOMINAL_EVENTS[nominal.group(1).lower()], (start - len(nominal.group(0)), end)
    if EVENT_CUES[6][1].search(before):
        clause = view.clause_around(start, end)
        clause_start = text.find(clause)
        if _FUTURE_OR_DUTY.search(text[max(0, clause_start, start - 160):end + 30]):  # "will replace ... by 2021"
            return "deadline", (start - 8, end)
        return None, (start, end)
    if re.search(r"\bfrom\s*$", before, re.I) and not re.search(r"\bto\b", text[end:end + 8]):
        verb = re.match(r"[^,;.]{0,40}", text[end:])  # "From April 2022 ICSs are expected to ...": what starts then
        return "effective", (start - 6, end + verb.end())
    clause = view.clause_around(start, end)
    clause_start = text.find(clause)
    window_start, window_end = max(clause_start, start - 100), min(clause_start + len(clause), end + 120)
    best = None
    for event, pattern in EVENT_CUES:
        if event == "deadline":
            continue
        for m in pattern.finditer(text, window_start, window_end):
            distance = min(abs(m.start() - end), abs(start - m.end()))
            if m.start() >= end and re.search(r",|\band\b", text[end:m.start()]):
                distance += 50  # "introduced in July 2021 and became law in April 2022": the later verb has its own date
            if best is None or distance < best[0]:
                best = (distance, event, (min(m.start(), start), max(m.end(), end)))
    if best is None:
        return None, (start, end)
    return best[1], best[2]


def _nearest_policy(view: SentenceView, start: int, end: int, named: list[Entity]) -> Entity | None:
    policies = [e for e in named if e.label == "POLICY"]
    pool = policies or named
    if not pool:
        return None
    return min(pool, key=lambda e: min(abs(view.rel(e)[1] - start), abs(view.rel(e)[0] - end)))


_APPLIES_TO = re.compile(r"\s*(?:which\s+)?(?:(?:shall|will|would|should|could)\s+)?appl(?:y|ies)\s+to|\s*is\s+proposed\s+on", re.I)


_LIST_GAP = r"\s*(?:\([^)]*\))?\s*(?:,|,?\s*and{by}|&)\s*(?:all\s+|the\s+)?"
_LIST_GAP_BEFORE = re.compile(_LIST_GAP.format(by=""))
_LIST_GAP_AFTER = re.compile(_LIST_GAP.format(by=r"(?:\s+by)?"))  # "both by X and by Y"


def _listed(view: SentenceView, anchor: Entity, bodies: list[Entity], forward: bool = True) -> list[Entity]:
    """`anchor` and the bodies listed right after it (or right before it): "NHS trusts, foundation
    trusts and ICBs", "NHS England and NHS Improvement"."""
    listed = [anchor]
    others = [b for b in bodies if view.rel(b)[0] > view.rel(anchor)[0]] if forward else \
        list(reversed([b for b in bodies if view.rel(b)[1] <= view.rel(anchor)[0]]))
    for body in others:
        left, right = (listed[-1], body) if forward else (body, listed[0])
        if not (_LIST_GAP_AFTER if forward else _LIST_GAP_BEFORE).fullmatch(view.text[view.rel(left)[1]:view.rel(right)[0]]):
            break
        if forward:
            listed.append(body)
        else:
            listed.insert(0, body)
    return listed


def claims_has_duty(view: SentenceView) -> Iterator[dict]:
    """The duty's holder: bodies it "shall apply to", bodies "for" whom it is named inside
    the span, else the nearest body before it (or the body a pronoun points to)."""
    bodies = [b for b in view.bodies() if b.canonical]
    for duty in view.of("DUTY"):
        start, end = view.rel(duty)
        holders = []
        if _APPLIES_TO.match(view.text, end):
            first = _first_after(view, end, bodies)
            holders = _listed(view, first, bodies) if first and view.rel(first)[0] < end + 80 else []
        told = re.match(r"(?:asked|told|instructed|directed)\s+(?!by\b)", duty.text, re.I)
        if told and not holders:  # "told them to ...", "asked NHS trusts to ...": the one told, never the teller
            holders = [b for b in bodies if view.rel(b)[0] == start + told.end()]
            if not holders:
                continue
        if not holders:  # "duties for/on CCGs and NHS providers": the bodies after "for", and those listed with them
            inside = [b for b in bodies if start <= view.rel(b)[0] and view.rel(b)[1] <= end]
            first = next((b for b in inside if re.search(r"\b(?:for|on)\s+(?:all\s+)?$", view.text[start:view.rel(b)[0]])), None)
            holders = [b for b in _listed(view, first, bodies) if view.rel(b)[1] <= end] if first else []
        speaker = _actor_before(view, start, bodies)
        if speaker is not None and _reporter(view, speaker):  # "ICSs, according to NHS England, must ...": not NHS England's duty
            earlier = _actor_before(view, start, [b for b in bodies if not _reporter(view, b)])
            speaker = earlier.canonical if earlier else None
        elif speaker is not None:
            speaker = speaker.canonical
        else:
            speaker = view.context_subject if view.pointing else None
        subjects = [b.canonical for b in holders] or [speaker]
        for subject in dict.fromkeys(s for s in subjects if s):
            yield {"subject": subject, "predicate": "has_duty", "object": duty.canonical,
                   "object_text": duty.text, "cue": (start, end)}


_HOLDER = re.compile(
    r"(?:(?:voiced|raised|expressed)\s+by\s+(?:some\s+|many\s+)?(?P<by>[\w’' ]{2,40}?)\s+who\b"
    r"|(?P<name>(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+))(?:,[^,]{0,80},)?\s+(?:told|said|says|warned|argued)"
    r"|(?:some|many|several)?\s*(?P<group>(?:(?-i:[A-Z]{2,})\s+|[a-z]+\s+)?(?:campaigners|critics|GPs|unions|clinicians|commentators|"
    r"academics|opponents|experts|councils|trusts|leaders|doctors|nurses|managers|chiefs|MPs|charities|economists|analysts|"
    r"others)"
    r"|some|many)\s+(?:\w+\s+)?(?:fear|feared|argue|argued|arguing|query|queried|"
    r"warn|warned|highlighted|claim|claimed|believe|say|said|worry|worried|question|questioned|doubt|doubted))", re.I)


_REPORTER_AFTER = re.compile(r"(?:\s*\([^)]*\))?(?:\s+(?!(?:was|were|is|are|be|been|being)\b)\w+){0,2}?\s+(?:"
                             r"report(?:ed|s)(?!\s+(?:an?\s+|large\s+|huge\s+|big\s+)?(?:deficits?|losses|overspends?|shortfalls?|problems?))|said|says|told|found|argued|argues|"
                             r"warned|warns|claimed|claims|highlighted|wrote|impl(?:y|ies|ied)|suggest(?:s|ed)?|not(?:es|ed)|stat(?:es|ed)|"
                             r"raised|raises|voiced|voices|expressed|expresses|questioned|questions|criticised|criticises)\b(?!\s+(?:[\w’'-]+\s+){0,4}?to\s)", re.I)
_REPORTER_BEFORE = re.compile(r"\b(?:reported|published|article|according|investigation|working)\s+(?:\w+\s+)?(?:in|by|to|with)\s+(?:the\s+)?$", re.I)
_NO_SUBJECT = {"NHS"}  # "the principles of the NHS": the service as a whole, not a body the concern is about


def _reporter(view: SentenceView, body: Entity) -> bool:
    """Is this body only who says or publishes the concern ("HSJ reported that", "according to NHS England")?"""
    start, end = view.rel(body)
    return bool(_REPORTER_AFTER.match(view.text, end) or _REPORTER_BEFORE.search(view.text[max(0, start - 40):start]))


_POINTED_SPEAKER = re.compile(r"^(?:they|it|he|she)\s+(?:also\s+)?(?:argue|argued|argues|warn|warned|warns|say|said|says|"
                              r"claim|claimed|claims|fear|feared|fears|believe|believed|believes)\b", re.I)


def claims_raises_concern(view: SentenceView) -> Iterator[dict]:
    if not view.of("CONCERN"):
        return
    holder_match = _HOLDER.search(view.text)
    holder = None
    if holder_match:
        holder = next(g for g in (holder_match.group("by"), holder_match.group("name"), holder_match.group("group")) if g)
        holder = re.sub(r"^(?:some|many|several)\s+", "", holder.strip(), flags=re.I)
        if holder.lower() in ("some", "many"):
            holder = None
    reporters = [b for b in view.bodies() if b.canonical and _reporter(view, b)]
    if holder is None and reporters:
        holder = reporters[0].canonical
    speaker_pointed = bool(_POINTED_SPEAKER.match(view.text))
    if holder is None and speaker_pointed:  # "They argue that ...": the body pointed to holds the concern
        holder = view.context_subject
    for concern in view.of("CONCERN"):
        start, end = view.rel(concern)
        candidates = [b for b in view.bodies() if b.canonical and b not in reporters and b.canonical not in _NO_SUBJECT
                      and (holder is None or b.text != holder)]
        inside = [b for b in candidates if start <= view.rel(b)[0] < end]
        candidates = [b for b in candidates if view.rel(b)[0] < end  # a body after the concern only in its own clause
                      or not re.search(r"[;:]|,\s*(?:and|but|while|whereas)\b|\bbut\b", view.text[end:view.rel(b)[0]])]
        subject = (inside or candidates or [None])[0]
        subject = subject.canonical if subject else (
            view.context_subject if view.pointing and not speaker_pointed else None)
        if subject == "GPs" and holder == "GPs":
            subject = None
        rivals = [None, *(b.canonical for b in candidates), view.context_subject]  # who else the concern may be about
        yield {"subject": subject, "predicate": "raises_concern", "object": concern.canonical,
               "object_text": concern.text, "holder": holder, "cue": (start, end), "alternatives": rivals}


_REPLACES = re.compile(r"\b(?:replac(?:e|es|ed|ing)|subsum\w+|t(?:ake|akes|ook|aking)\s+on\s+the\s+(?:\w+\s+){0,2}functions?\b|in\s+place\s+of|"
                       r"succeed\w*|supersed\w+|t(?:ake|akes|ook|aking)\s+over|(?:developed|evolved|emerged|grew|grown)\s+(?:out\s+of|from))\b", re.I)
_REPLACED_BY = re.compile(r"\b(?:replaced|superseded|succeeded|subsumed|taken\s+over)\s+by\b", re.I)
_ABOLISHED = re.compile(r"\babolish\w*|\bscrapped\b|\bwound\s+up\b", re.I)
_TRANSFER_INTO = re.compile(r"\btransferr?\w*\s+(?:in)?to\b", re.I)


def claims_replaces(view: SentenceView, registry: Registry) -> Iterator[dict]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _REPLACES.finditer(view.text):
        if _REPLACED_BY.match(view.text, m.start()):
            old = _nearest_before(view, m.start(), bodies)
            new = _first_after(view, m.end(), bodies)
            subject, obj = (new.canonical if new else None), (old.canonical if old else view.context_subject)
        else:
            new = _nearest_before(view, m.start(), bodies)
            old = _first_after(view, m.end(), bodies)
            subject = new.canonical if new and not view.pointing else (view.context_subject or (new.canonical if new else None))
            obj = old.canonical if old else None
            with_new = old and re.match(r"\s*(?:\([^)]*\)\s*)?with\s+", view.text[view.rel(old)[1]:])
            if with_new:  # "replacing CCGs with ICBs": the body after "with" is the new one
                heir = _first_after(view, view.rel(old)[1] + with_new.end(), bodies)
                subject = heir.canonical if heir else subject
        if subject and obj and subject != obj:
            yield {"subject": subject, "predicate": "replaces", "object": obj, "cue": m.span()}
    for m in _ABOLISHED.finditer(view.text):
        abolished = _nearest_before(view, m.start(), bodies) or _first_after(view, m.end(), bodies)
        if abolished is None:
            continue
        into = _TRANSFER_INTO.search(view.text, m.end())
        heir = _first_after(view, into.end(), bodies) if into else None
        successor = heir.canonical if heir else registry.successor_of(abolished.canonical)
        if successor and successor != abolished.canonical:
            yield {"subject": successor, "predicate": "replaces", "object": abolished.canonical, "cue": m.span()}


_COMPRISES = re.compile(r"\b(?:consist(?:s|ing)?\s+of|compris(?:e|es|ing)|made\s+up\s+of|led\s+by|"
                        r"(?:two|three)\s+(?:key\s+)?(?:components|bodies|entities|parts)|"
                        r"(?:will\s+|should\s+|must\s+|to\s+)?(?:include|includes|including|involve|involves|involving)\b(?!\s+(?:working|to|how))|"
                        r"bring(?:s|ing)?\s+together|brought\s+together|combin(?:e|es|ing)(?!\s+(?:with|to))|"
                        r"membership\s+(?:\w+\s+){0,3}(?:will\s+)?include)\b", re.I)
"""A whole, then the cue, then its members: "ICSs combine places, provider collaboratives and ..."."""
_PART_OF = re.compile(r"\b(?:part\s+of|members?\s+of|sits?\s+(?:within|under)|belong\w*\s+to|"
                      r"join(?:s|ed|ing)?|(?:be|are|is)\s+included\s+in)\b", re.I)
"""A member, then the cue, then its whole right after: "NHS providers are expected to join provider collaboratives"."""
_MODIFIER_BEFORE = re.compile(r"\b(?:in|within|across|of|from|for|according\s+to)\s+(?:an?|the|each|every|their|its)?\s*$", re.I)
_MEMBERSHIP_OF = re.compile(r"\bmembership\s+of\s+(?:the\s+)?$", re.I)
_LIST_END = re.compile(r"[;:.]|\s(?:to|in\s+order|so\s+that|which|who|that)\s", re.I)


def _main_body_before(view: SentenceView, offset: int, bodies: list[Entity]) -> Entity | None:
    """The nearest body before `offset` that is not inside a prepositional phrase ("trusts in an
    ICS will be part of": the trusts, not the ICS)."""
    return _nearest_unless(view, offset, bodies, _MODIFIER_BEFORE)


def claims_part_of(view: SentenceView) -> Iterator[dict]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _COMPRISES.finditer(view.text):
        before = [b for b in bodies if view.rel(b)[1] <= m.start()]
        whole = next((b for b in before if _MEMBERSHIP_OF.search(view.text[:view.rel(b)[0]])), None) \
            or _main_body_before(view, m.start(), [b for b in bodies if not _reporter(view, b)])
        if m.group().lower().startswith("including") and (whole is None or m.start() - view.rel(whole)[1] > 3):
            continue  # "partners (including local government)": only "X, including A" names X's members
        whole_name = whole.canonical if whole else view.context_subject
        list_end = _LIST_END.search(view.text, m.end())
        stop = list_end.start() if list_end else len(view.text)
        parts = [b for b in bodies if m.end() <= view.rel(b)[0] < min(stop, m.end() + 120)
                 and not _MODIFIER_BEFORE.search(view.text[max(m.end(), view.rel(b)[0] - 20):view.rel(b)[0]])]
        for part in parts[:6]:
            if whole_name and part.canonical != whole_name:
                yield {"subject": part.canonical, "predicate": "part_of", "object": whole_name, "cue": m.span()}
    for m in _PART_OF.finditer(view.text):
        whole = _first_after(view, m.end(), bodies)
        if not whole or not re.fullmatch(r"[\s\w’'-]{0,25}", view.text[m.end():view.rel(whole)[0]]):
            continue
        member = _main_body_before(view, m.start(), bodies)
        subject = member.canonical if member and not view.pointing else _subject_before(view, m.start())
        if subject and subject != whole.canonical:
            yield {"subject": subject, "predicate": "part_of", "object": whole.canonical, "cue": m.span()}


_ACCOUNTABLE = re.compile(r"\b(?:accountable\s+to|answer(?:s|able)?\s+to|report(?:s|ing)?\s+to|held\s+to\s+account\b[^.]*?\bby|"
                          r"(?:overseen|regulated|supervised|scrutinised|scrutinized|performance[\s-]managed)\s+by)\b", re.I)


def claims_accountable_to(view: SentenceView) -> Iterator[dict]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _ACCOUNTABLE.finditer(view.text):
        last = _nearest_before(view, m.start(), bodies)
        if last is not None and not view.pointing:  # "NHS England and NHS Improvement will be held to account"
            subjects = [b.canonical for b in _listed(view, last, bodies, forward=False)]
        else:
            subjects = [_subject_before(view, m.start())]
        overseer = _first_after(view, m.end(), bodies)
        overseers = [b.canonical for b in _listed(view, overseer, bodies)] if overseer else []
        for subject in dict.fromkeys(s for s in subjects if s):
            for watcher in dict.fromkeys(o for o in overseers if o != subject):
                yield {"subject": subject, "predicate": "accountable_to", "object": watcher, "cue": m.span()}


_MERGE = re.compile(r"\b(?:merg(?:er|ing|ed|e)|combin(?:e|ing)|amalgamat\w+)\b", re.I)
_ABSORBS = re.compile(r"\b(?:absorb(?:s|ed|ing)?|fold(?:s|ed)?\s+in)\b", re.I)
""""NHS England absorbed NHS Improvement": the body before and the one after have merged."""


def claims_merges_with(view: SentenceView) -> Iterator[dict]:
    bodies = [b for b in view.bodies() if b.canonical]
    for m in _ABSORBS.finditer(view.text):
        absorber, absorbed = _nearest_before(view, m.start(), bodies), _first_after(view, m.end(), bodies)
        if absorber and absorbed and absorber.canonical != absorbed.canonical and view.rel(absorbed)[0] - m.end() < 25:
            a, b = sorted([absorber.canonical, absorbed.canonical])
            yield {"subject": a, "predicate": "merges_with", "object": b, "cue": m.span()}
    for m in _MERGE.finditer(view.text):
        after = [b for b in bodies if 0 <= view.rel(b)[0] - m.end() < 40]
        before = [b for b in bodies if 0 <= m.start() - view.rel(b)[1] < 40]
        for group in (after, before):
            pair = list(dict.fromkeys(b.canonical for b in group))[:2]
            if len(pair) == 2 and re.search(r"\b(?:and|with|&)\b", view.between(*sorted(
                    [view.rel(group[0])[1], view.rel([b for b in group if b.canonical == pair[1]][0])[0]]))):
                a, b = sorted(pair)
                yield {"subject": a, "predicate": "merges_with", "object": b, "cue": m.span()}
                break


_STATUTORY = re.compile(
    r"\b(?:bec[oa]me|becoming|become|as|are|is|be|were|was|into|establish\w*\s+\w+\s+as|create\s+\w+\s+as)\s+"
    r"(?:new\s+|legal\s+entities\s+with\s+|an?\s+(?:new\s+)?)?statutory\s+(?:bodies|organisations|committees|powers|status|body|footing|basis)?"
    r"|\b(?:statutory\s+(?:footing|status|basis|underpinning))\b|:\s*statutory\s+(?:bodies|committees)"
    r"|\b(?:introduc\w+|establish\w*|creat\w+)\s+(?:of\s+)?(?:new\s+)?statutory\b"
    r"|\bestablish\w*\s+(?:\w+\s+){1,3}in\s+law\b|\benshrin\w+\s+(?:\w+\s+){1,3}in\s+legislation\b", re.I)
_NON_STATUTORY = re.compile(r"\b(?:non-statutory|no\s+(?:statutory|legal)\s+(?:basis|status|footing|standing)|informal(?:ly)?|on\s+an\s+informal\s+basis|"
                            r"alliance-basis|not\s+statutory|(?:are|is|were|was|remain|remains)\s+voluntary|"
                            r"voluntary\s+(?:partnerships?|basis|arrangements?|alliances?|systems|networks|joint\s+committees))\b", re.I)
_STATUTORY_BEFORE = re.compile(r"\b(non-statutory|statutory)\s+(?:new\s+)?$", re.I)


def claims_has_status(view: SentenceView) -> Iterator[dict]:
    bodies = [b for b in view.bodies() if b.canonical]
    found = []
    negative_spans = [m.span() for m in _NON_STATUTORY.finditer(view.text)]
    for status, pattern in (("statutory", _STATUTORY), ("non_statutory", _NON_STATUTORY)):
        for m in pattern.finditer(view.text):
            if status == "statutory" and any(a < m.end() and m.start() < b for a, b in negative_spans):
                continue
            inside = [b for b in bodies if m.start() <= view.rel(b)[0] and view.rel(b)[1] <= m.end()]
            near = [b for b in bodies if abs(view.rel(b)[0] - m.start()) < 80 or abs(view.rel(b)[1] - m.end()) < 80]
            holder = inside[0] if inside else (_nearest_before(view, m.start(), near) or _first_after(view, m.end(), near))
            subject = holder.canonical if holder else None
            if view.pointing and view.context_subject and (holder is None or view.rel(holder)[0] > m.start()):
                subject = view.context_subject
            if subject and (subject, status) not in found:
                found.append((subject, status))
                yield {"subject": subject, "predicate": "has_status", "object": status, "cue": m.span()}
    for body in bodies:  # "a statutory NHS ICS body", "non-statutory alliances"
        start, end = view.rel(body)
        m = _STATUTORY_BEFORE.search(view.text[max(0, start - 25):start])
        status = ("non_statutory" if m.group(1).lower().startswith("non") else "statutory") if m else None
        if status and (body.canonical, status) not in found and view.text[max(0, start - 25):start].count("(") == 0:
            found.append((body.canonical, status))
            yield {"subject": body.canonical, "predicate": "has_status", "object": status, "cue": (start - 10, end)}


# ------------------------------------------------------------------ assembly
_FUTURE = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|due\s+to|expected\s+to|scheduled|set\s+to|plans?\s+to|"
                     r"aims?\s+to|intends?\s+to)\b", re.I)


def document_as_of(published: str | None, entities: list[Entity], sentences: list[Sentence]) -> tuple[str | None, str | None]:
    """When the document speaks: its published date, else the span it must have been written in
    (no earlier than the latest event reported as past, no later than the earliest announced as future)."""
    if published and len(published) == 10:
        return published, published
    if published and len(published) == 7:
        year, month = int(published[:4]), int(published[5:7])
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return f"{published}-01", last.isoformat()
    by_idx = {s.idx: s.text for s in sentences}
    past, future = [], []
    for e in entities:
        if e.label != "DATE" or not e.date_start:
            continue
        sentence = by_idx.get(e.sentence_idx, "")
        if _FUTURE.search(sentence):
            future.append(e.date_start)  # announced as future: written before it began
        elif re.search(r"\b(?:was|were|had|has been|have been|became|published|announced|passed|found|reported|did|\w+ed)\b", sentence):
            past.append(e.date_start)
    start = max(past) if past else None
    ends = [f for f in future if start is None or f >= start]
    return start, (min(ends) if ends else None)


def _first_body(view_entities: list[Entity]) -> str | None:
    for e in view_entities:
        if e.label == "BODY" and e.canonical:
            return e.canonical
    return None


@dataclass(frozen=True)
class Candidate:
    """A claim the rules propose, with the sentence and cue it came from: what the scorer reads.

    Candidates of one `slot` are rival readings of one statement (who holds this concern, what
    this body is part of): rank 0 is the rules' own choice, the rest are alternatives that only a
    scorer may prefer."""

    claim: Claim
    view: SentenceView
    cue: tuple[int, int]  # offsets in the sentence text of the words that triggered the rule
    slot: int = 0
    rank: int = 0


def claim_candidates(sentences: list[Sentence], entities: list[Entity], published: str | None = None,
                     registry: Registry | None = None) -> list[Candidate]:
    """Every claim the rules propose for a document, sentence by sentence, with their alternatives."""
    registry = registry or load_registry()
    by_sentence: dict[int, list[Entity]] = {}
    for e in entities:
        by_sentence.setdefault(e.sentence_idx, []).append(e)
    doc_as_of = document_as_of(published, entities, sentences)
    candidates: list[Candidate] = []
    context: str | None = None
    recent: list[str] = []  # bodies named lately, the latest last: what "the boards" can refer to
    context_policy: str | None = None
    for sentence in sentences:
        named = sorted(by_sentence.get(sentence.idx, []), key=lambda e: e.start_char)
        anaphors = anaphor_mentions(sentence, named, recent, context)
        ents = sorted(named + anaphors, key=lambda e: e.start_char)
        pointing = points_back(sentence, named)
        if anaphors and anaphors[0].start_char == sentence.start_char:
            context = anaphors[0].canonical  # "The boards are ...": the boards, whatever the sentence before began with
        view = SentenceView(sentence, ents, context if pointing or not any(e.label == "BODY" for e in ents) else None,
                            context_policy, pointing)
        for raw in _raw_claims(view, registry):
            slot = len(candidates)
            alternatives = raw.pop("alternatives", ())
            candidates.append(Candidate(_finish(view, raw, doc_as_of), view, raw["cue"], slot, 0))
            for rank, subject in enumerate(dict.fromkeys(a for a in alternatives if a != raw["subject"]), start=1):
                candidates.append(Candidate(_finish(view, {**raw, "subject": subject}, doc_as_of), view, raw["cue"], slot, rank))
        first = _first_body(ents)
        if first:
            context = first  # the sentence's first body is what the next "It"/"They" points to
        elif pointing and view.context_subject:
            context = view.context_subject
        recent = (recent + [e.canonical for e in ents if e.label == "BODY" and e.canonical])[-12:]
        context_policy = next((e.canonical for e in reversed(ents) if e.label == "POLICY" and e.canonical), context_policy)
    return _dedupe(candidates)


_ANAPHOR = re.compile(r"\b(?:the|these|those|each|every|such|this|all|both)\s+(?:new\s+|local\s+|statutory\s+)?"
                      r"(boards?|bod(?:y|ies)|systems?|partnerships?|organisations?|trusts?|groups?|networks?|collaboratives?|"
                      r"committees?|providers?|authorit(?:y|ies)|councils?)\b", re.I)
_GENERIC_HEADS = {"body", "organisation"}


_INSTRUCTED_PRONOUN = re.compile(r"\b(?:told|asked|instructed|directed|required|gave|given|give|gives|tell|ask|set)\s+(them|it)\b", re.I)


def points_back(sentence: Sentence, entities: list[Entity]) -> bool:
    """Does the sentence open with a word that points to what came before? "These ICSs" names its
    subject: a determiner right before a name does not point."""
    m = _PRONOUN_START.match(sentence.text)
    if not m:
        return False
    next_word = sentence.start_char + m.end() + re.match(r"\s*", sentence.text[m.end():]).end()
    return not any(e.label in ("BODY", "POLICY") and e.start_char == next_word for e in entities)


def anaphor_mentions(sentence: Sentence, entities: list[Entity], recent: list[str], context: str | None = None) -> list[Entity]:
    """"The boards", "each system", "these bodies" as mentions of the latest body named before
    whose name ends in the same noun ("integrated care board"); a sentence that opens with "This body"
    and "told them to" as the subject of the sentence before. Only for the claims:
    they are not stored as entities."""
    out = []
    for m in _INSTRUCTED_PRONOUN.finditer(sentence.text):
        if context:
            out.append(Entity("BODY", sentence.start_char + m.start(1), sentence.start_char + m.end(1), m.group(1),
                              sentence.idx, canonical=context, source="anaphor"))
    for m in _ANAPHOR.finditer(sentence.text):
        start, end = sentence.start_char + m.start(), sentence.start_char + m.end()
        if any(e.label in ("BODY", "POLICY") and e.start_char < end and start < e.end_char for e in entities):
            continue  # part of a name the tagger found ("the NHS trusts")
        head = re.sub(r"(?:ies)$", "y", m.group(1).lower())
        head = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        if head in _GENERIC_HEADS:  # "This body will ..." is the sentence before's subject; never "the bodies involved"
            referent = context if m.start() == 0 else None
        else:
            referent = next((name for name in reversed(recent) if name.lower().split()[-1].rstrip("s") == head), None)
        if referent:
            out.append(Entity("BODY", start, end, m.group(0), sentence.idx, canonical=referent, source="anaphor"))
    return sorted(out, key=lambda e: e.start_char)


def extract_claims(sentences: list[Sentence], entities: list[Entity], published: str | None = None,
                   registry: Registry | None = None, scorer=None) -> list[Claim]:
    """All claims of a document: the rules' own choices, or, given a `scorer` (anything with
    `.score(candidates) -> list[Claim]`, see pipeline/scorer.py), what it keeps of every candidate."""
    return chosen_claims(claim_candidates(sentences, entities, published, registry), scorer)


def chosen_claims(candidates: list[Candidate], scorer=None) -> list[Claim]:
    """What `scorer` keeps of the candidates, or without one, the rules' own choices."""
    return scorer.score(candidates) if scorer is not None else rules_choice(candidates)


def rules_choice(candidates: list[Candidate]) -> list[Claim]:
    """The claims the rules alone stand by: the first reading of every slot."""
    return [c.claim for c in candidates if c.rank == 0]


def _raw_claims(view: SentenceView, registry: Registry) -> Iterator[dict]:
    yield from claims_has_population(view)
    yield from claims_has_count(view, registry)
    yield from claims_dated(view)
    yield from claims_has_duty(view)
    yield from claims_raises_concern(view)
    yield from claims_replaces(view, registry)
    yield from claims_part_of(view)
    yield from claims_accountable_to(view)
    yield from claims_merges_with(view)
    yield from claims_has_status(view)


def _finish(view: SentenceView, raw: dict, doc_as_of: tuple[str | None, str | None]) -> Claim:
    raw = dict(raw)
    cue_start, cue_end = raw.pop("cue")
    date_entity = raw.pop("date_entity", None)
    if raw["predicate"] == "raises_concern":  # raising a worry is said as a fact, whatever the worry says of the future
        window = view.text[view.text.find(view.clause_around(cue_start, cue_end)):max(0, cue_start)]
    elif raw["predicate"] == "dated":  # what follows the date is another statement ("published in 2014, first proposed ...")
        window = qualifier_window(view, max(0, cue_start), max(cue_start, cue_end), after=0)
    else:
        window = qualifier_window(view, max(0, cue_start), max(cue_start, cue_end))
    explicit = raw.pop("as_of", None)
    if explicit is None and raw["predicate"] != "dated":
        dates = [e for e in view.of("DATE") if e.date_start and e is not date_entity and not _is_target_date(view, e)]
        if dates:
            explicit = (dates[0].date_start, dates[0].date_end)
    as_of = doc_as_of if explicit in (None, DOCUMENT_TIME) else explicit
    negated = negated_in(window) if raw["predicate"] != "raises_concern" else 0
    if raw["predicate"] == "has_status" and raw["object"] == "non_statutory":
        negated = 0  # "no statutory basis" is the status itself, not its denial
    return Claim(sentence_idx=view.sentence.idx, modality=modality_of(window, view.text), negated=negated,
                 as_of_start=as_of[0], as_of_end=as_of[1], source="rules", confidence=0.8, **raw)


def _is_target_date(view: SentenceView, date: Entity) -> bool:
    """"by 2021", "before April 2022", "until 2025": a target, not the time the claim speaks of."""
    start, _ = view.rel(date)
    return bool(re.search(r"\b(?:by|before|until|from)\s*$", view.text[max(0, start - 10):start], re.I)) \
        and bool(_FUTURE_OR_DUTY.search(view.text))


def qualifier_window(view: SentenceView, start: int, end: int, after: int = 20) -> str:
    """The words that qualify a cue: its clause, from up to 100 characters before it to `after` after."""
    clause = view.clause_around(start, end)
    offset = view.text.find(clause)
    lo, hi = max(offset, start - 100), min(offset + len(clause), end + after)
    return view.text[lo:hi]


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per distinct claim of a sentence. A rules' choice wins over an equal
    alternative; a slot whose own choice repeats an earlier claim is that claim, and goes."""
    seen, dropped_slots, out = set(), set(), []
    for candidate in sorted(candidates, key=lambda c: c.rank > 0):
        c = candidate.claim
        key = (c.sentence_idx, c.subject, c.predicate, c.event, c.object, c.value_min, c.value_max, c.date_start)
        if key in seen or candidate.slot in dropped_slots:
            if candidate.rank == 0:
                dropped_slots.add(candidate.slot)
            continue
        seen.add(key)
        out.append(candidate)
    return sorted(out, key=lambda c: (c.slot, c.rank))
