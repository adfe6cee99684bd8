"""DUTY and CONCERN spans from cue phrases, and their canonical duty key or concern topic.

Duties start at an obligation marker ("duty to", "responsible for", "must", "required
to") and run to the end of the clause; concerns start at a worry cue ("fear", "concern
that", "set up to fail", "questions of ... remain") or are whole questions. The cue phrases
are annotations/rules/cues.yml; keys and topics come from annotations/duties.yml and
concerns.yml by word overlap, so adding a cue or a paraphrase there changes the result
without code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from ..registry import Registry
from ..settings import DEFAULT, Settings
from ..vocabulary import VocabularyError, phrase_pattern
from .triggers import minimal, normalise, trigger_words

CLAUSE_GRAMMAR = {
    "quote": "['‘’\"“”]",
    "clause": r"[^.;:?!()–]*?",  # the rest of the clause, as little as the end allows
    "clause_end": r"(?=[.;:?!()–]|\s-\s|,\s*(?:and|but|which|while|with|as|so|whereas|although|particularly|including)\b|$)",
}
"""The grammar the cue phrases of annotations/rules/cues.yml are written with."""
_DENIED_BEFORE = re.compile(r"(?:\b(?:not|no|nothing|never|without)\b|n't)(?:\s+\w+){0,3}\s*$", re.I)
"""A problem word denied ("did not find anything unlawful") names no concern."""
_CUE_HOLE = re.compile(r"\{(" + "|".join(CLAUSE_GRAMMAR) + r")\}")


@dataclass(frozen=True)
class CuePattern:
    label: str  # DUTY or CONCERN
    pattern: re.Pattern
    problem: bool  # a word naming a problem: a denial just before it cancels it
    phrase: str  # as written in cues.yml, for messages


def compile_cue(phrase: str) -> re.Pattern:
    """A cues.yml phrase as a pattern: the phrase conveniences, then the clause grammar."""
    return re.compile(_CUE_HOLE.sub(lambda m: CLAUSE_GRAMMAR[m.group(1)], phrase_pattern(phrase)), re.I)


@dataclass(frozen=True)
class CueSpan:
    label: str
    start: int
    end: int
    text: str
    canonical: str


class CueTagger:
    """The cue phrases of one registry, compiled once, with the trigger words they imply."""

    def __init__(self, registry: Registry, settings: Settings = DEFAULT):
        words = registry.vocabulary
        self.registry, self.settings = registry, settings
        self.patterns = [CuePattern(label, compile_cue(phrase), entry == "problem", phrase)
                         for label, entry in (("DUTY", "duty"), ("CONCERN", "concern"), ("CONCERN", "problem"))
                         for phrase in words.phrases(entry)]
        triggers: set[str] = set()
        for cue in self.patterns:
            found = trigger_words(cue.pattern.pattern)
            if found is None:
                raise VocabularyError(f"cues.yml: {cue.phrase!r}: no word that every match must hold, so no "
                                      f"sentence could be chosen for it; start it with a literal word")
            triggers |= found
        self.triggers = minimal(triggers)  # a sentence with none of these holds no duty or concern span
        self.question_headings = words.compile(r"\b{question_headings}\b")
        self.duty_lead_in = words.compile(r"\b{duty_lead_in}\b")
        self.examples_lead_in = words.compile(r"\b{examples_lead_in}\s*:\s*$")
        self.negative_words = (negative_words(settings.concern_valence) | words.words("concern_words")) \
            - words.words("not_concern_words")
        self.to_clause_end = re.compile(CLAUSE_GRAMMAR["clause"] + CLAUSE_GRAMMAR["clause_end"])
        self.nominal_before = words.compile(r"\b{nominal_before_duty}\s+$")
        self.generic_before = words.compile(r"\b{generic_subjects}(?:\s+(?:in|of|across)\s+\w+)?"
                                            r"(?:\s+(?:will|would|may|might|also|still|all|really|then|now))*\s+$")
        self.domain_words = words.words("domain_words")
        self.duty_wordings = [(key, self.content_words(wording), bool(re.search(r"\bdut(?:y|ies)\b", wording, re.I)))
                              for key, entry in registry.duties.items()
                              for wording in [entry.get("description", ""), *entry.get("paraphrases", [])]]
        self.topic_patterns = [(topic, re.compile(r"\b(?:" + "|".join(_cue_pattern(c) for c in entry["cues"]) + ")"))
                               for topic, entry in registry.concerns.items() if entry.get("cues")]

    def triggered(self, sentence: str) -> bool:
        """Does the sentence hold a word one of the cue patterns needs? Plain substring tests: one
        alternation regex over every word costs more than all the patterns it guards."""
        lowered = normalise(sentence)
        return any(word in lowered for word in self.triggers)

    def content_words(self, text: str) -> set[str]:
        """Lower-case content-word stems (first six letters), for overlap between wordings."""
        return {w[:6] for w in re.findall(r"[a-z]+", re.sub(r"\bco-(?=op|ord)", "co", text.lower().replace("’", "'")))
                if w not in STOP_WORDS and w not in self.domain_words and len(w) > 2}

    def duty_key(self, text: str) -> str:
        """The duties.yml key whose paraphrases share most words with `text`, or with its head alone
        ("shared duties" in "shared duties for CCGs and providers on outcomes"); else a new key."""
        head = re.match(r"(.*?\bdut(?:y|ies)\b.*?)\s+(?:for|on)\s", text, re.I)
        if head:
            key = self._registered_duty(head.group(1))
            if key:
                return key
        best = self._registered_duty(text)
        if best:
            return best
        rest = _DUTY_MARKER.sub("", text) or text
        key_words = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in STOP_WORDS][:5]
        return "_".join(key_words) or "unnamed_duty"

    def _registered_duty(self, text: str) -> str | None:
        words = self.content_words(text)
        best, best_score = None, 0.0
        for key, other, names_duty in self.duty_wordings:
            if not other or not words:
                continue
            shared = len(words & other)
            # two words in common, or all of a one-word wording ("commission most local NHS services"); not the
            # modifier of a named duty alone ("shared duties": "shared" says nothing without "duties")
            needed = min(2, len(words)) if names_duty else min(2, len(words), len(other))
            score = shared / (len(words) * len(other)) ** 0.5 if shared >= needed else 0.0
            if score > best_score:
                best, best_score = key, score
        return best if best and best_score >= self.settings.duty_match else None

    def concern_topic(self, text: str, context: str) -> str:
        """The concerns.yml topic whose cues occur most in the span (counted double) and its sentence;
        on a tie, the topic named first in the span ("little evidence that it saves money": evidence)."""
        span, sentence = text, context
        scores = {}
        for topic, pattern in self.topic_patterns:
            first = pattern.search(span)
            count = 2 * len(pattern.findall(span)) + len(pattern.findall(sentence))
            scores[topic] = (count, -(first.start() if first else len(span)))
        best = max(scores, key=lambda t: scores[t], default="other")
        return best if scores.get(best, (0,))[0] else "other"

    def find(self, text: str, sentences: list[tuple[int, int]], lead_ins: dict[int, int] | None = None) -> list[CueSpan]:
        """DUTY and CONCERN spans of a document; `sentences` are (start, end) offsets, `lead_ins` the
        lead-in of each list item (text/lists.py): an item under a duty lead-in is a duty."""
        spans: list[CueSpan] = []
        previous_heading = ""
        lead_ins = lead_ins or {}
        for position, (s_start, s_end) in enumerate(sentences):
            sentence = text[s_start:s_end]
            taken: list[tuple[int, int]] = []
            lead_in = sentence.rstrip().endswith(":")  # "The legal challenges were as follows:" introduces, it does not worry
            for cue in self.patterns if self.triggered(sentence) else ():
                if lead_in and cue.label == "CONCERN":
                    continue
                for m in cue.pattern.finditer(sentence):
                    # a pattern may name the part that is the span: "warned that <span>"
                    start, end = _trim(sentence, *(m.span("span") if "span" in cue.pattern.groupindex else m.span()))
                    if end - start < 4 or len(sentence[start:end].split()) > self.settings.max_cue_words:
                        continue
                    if any(start < e and s < end for s, e in taken):
                        continue
                    if cue.problem and _DENIED_BEFORE.search(sentence[:start]):
                        continue
                    if cue.label == "DUTY" and sentence[start:start + 4].lower() == "need" \
                            and self.nominal_before.search(sentence[:start]):
                        continue  # "the need to transform services" names a need, not a body's duty
                    if cue.label == "DUTY" and (self.generic_before.search(sentence[:start])
                                                or _BARE_MARKER.fullmatch(sentence[start:end])):
                        continue  # "you need to know", "anyone will need to pay": no body's; "must (by May):" names none
                    taken.append((start, end))
                    span_text = sentence[start:end]
                    if cue.label == "DUTY":  # a bare "new statutory duty" is named by what follows it
                        canonical = self.duty_key(span_text if self.content_words(span_text) else sentence[start:])
                    else:
                        canonical = self.concern_topic(span_text, sentence)
                    spans.append(CueSpan(cue.label, s_start + start, s_start + end, span_text, canonical))
            if position in lead_ins and not any(s.label == "DUTY" for s in spans if s.start >= s_start):
                lead_in = text[sentences[lead_ins[position]][0]:sentences[lead_ins[position]][1]]
                item = _list_item_span(sentence)
                if self.duty_lead_in.search(lead_in[-self.settings.lead_in_marker_chars:]) and item \
                        and not self.examples_lead_in.search(lead_in):
                    start, end = item
                    spans.append(CueSpan("DUTY", s_start + start, s_start + end, sentence[start:end],
                                         self.duty_key(sentence[start:end])))
            if not lead_in:
                negative = self._negative_span(sentence, taken)
                if negative:
                    start, end = negative
                    spans.append(CueSpan("CONCERN", s_start + start, s_start + end, sentence[start:end],
                                         self.concern_topic(sentence[start:end], sentence)))
            is_question = sentence.rstrip().endswith("?")
            if is_question and not taken and (self.question_headings.search(previous_heading) or re.match(r"\d+\.\s", sentence)):
                start = re.match(r"(?:\d+\.\s+)?", sentence).end()
                spans.append(CueSpan("CONCERN", s_start + start, s_end, sentence[start:],
                                     self.concern_topic(sentence, sentence)))
            if not sentence.rstrip().endswith((".", "?", "!")) and len(sentence.split()) <= 8:
                previous_heading = sentence
        return sorted(spans, key=lambda s: s.start)


    def _negative_span(self, sentence: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
        """From the first strongly negative word to the end of its clause, unless a span holds it."""
        for m in re.finditer(r"[A-Za-z][a-z'-]+", sentence):
            if m.group().lower() in self.negative_words and not any(s <= m.start() < e for s, e in taken):
                end = self.to_clause_end.match(sentence, m.end())
                start, stop = _trim(sentence, m.start(), end.end() if end else len(sentence))
                return (start, stop) if stop - start >= 4 else None
        return None


def negative_words(valence: float) -> frozenset[str]:
    """The words of the VADER sentiment lexicon (Hutto & Gilbert 2014, MIT licence; the vaderSentiment
    package's vader_lexicon.txt) whose mean valence is at most `valence` (the scale runs -4 to 4)."""
    from importlib.resources import files

    out = set()
    for line in (files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8", errors="ignore").splitlines():
        word, _, rest = line.partition("\t")
        try:
            if re.fullmatch(r"[a-z][a-z'-]+", word) and float(rest.split("\t")[0]) <= valence:
                out.add(word)
        except ValueError:
            continue
    return frozenset(out)


_DUTY_MARKER = re.compile(r"^(?:.*?\b(?:duty|duties|responsib(?:le|ility|ilities) for|required to|expected to|must|needs? to|"
                          r"has to|have to|shall|(?:days?|weeks?|months?|years?) to|"
                          r"(?:deadline|asked|told|instructed|requires?|requiring|obliges?|obliging)\b.*?\bto)\b)", re.I)
"""Where a duty's wording starts: what an unregistered duty's key is made of follows it."""


_BARE_MARKER = re.compile(r"(?:must|shall|should|needs? to|has to|have to)\W*", re.I)
"""A duty marker with nothing after it in its clause: the duty is in what follows (a list), not here."""


_ITEM_EDGES = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+|(?:[;,]?\s*(?:and|or)|[;,.])\s*$", re.I)


def _list_item_span(sentence: str) -> tuple[int, int] | None:
    """A list item as a duty's span: without its number and its closing "; and"."""
    start, end = 0, len(sentence)
    for m in _ITEM_EDGES.finditer(sentence):
        if m.start() == 0:
            start = m.end()
        else:
            end = m.start()
    return (start, end) if end - start >= 4 else None


def _cue_pattern(cue: str) -> str:
    """A cue word as a pattern: any case, but an acronym ("IT") only in capitals, never the pronoun "it"."""
    return rf"(?-i:{re.escape(cue)})\b" if cue.isupper() else rf"(?i:{re.escape(cue)})"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,\u00a0":
        end -= 1
    while start < end and text[start] in " ,\u00a0":
        start += 1
    return start, end
