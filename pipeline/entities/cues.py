"""DUTY and CONCERN spans from cue phrases, and their canonical duty key or concern topic.

Duties start at an obligation marker ("duty to", "responsible for", "must", "required
to") and run to the end of the clause; concerns start at a worry cue ("fear", "concern
that", "set up to fail", "questions of ... remain") or are whole questions. Keys and
topics come from annotations/duties.yml and concerns.yml by word overlap, so adding a
paraphrase or a cue there changes the result without code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from ..registry import Registry

_Q = "['‘’\"“”]"
_CLAUSE = r"[^.;:?!()–]*?"
_CLAUSE_END = r"(?=[.;:?!()–]|\s-\s|,\s*(?:and|but|which|while|with|as|so|whereas|although|particularly|including)\b|$)"
DUTY_PATTERNS = [
    rf"(?:(?:new|broad|statutory|legal)\s+)*{_Q}triple\s+aim{_Q}\s+dut(?:y|ies)",
    rf"(?:(?:new|broad|statutory|legal|general|shared|overarching)\s+{_Q}?)*(?:{_Q}?triple aim{_Q}?\s+)?dut(?:y|ies){_Q}?(?:\s+(?:to|of|for|on\s+\w+\s+to)\s+{_CLAUSE})?"
    rf"(?:{_CLAUSE_END}|(?=\s+(?:is|are|was|were|will|would|shall|has|have)\s+(?:be\s+)?(?:proposed|placed|imposed|introduced|set)\b))",
    rf"{_Q}triple\s+aim{_Q}(?:\s+(?:for|of)\s+{_CLAUSE}{_CLAUSE_END})?",
    rf"\btriple\s+aim\b(?:\s+(?:for|of)\s+{_CLAUSE})?{_CLAUSE_END}",
    rf"responsib(?:le|ility|ilities)\s+for\s+{_CLAUSE}{_CLAUSE_END}",
    rf"(?:be\s+)?(?:required|expected|obliged|mandated|directed)\s+to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:asked|told|instructed)\s+(?:by\s+[\w\s&]{{2,40}}?\s+|(?:[\w’'-]+\s+){{1,4}}?)?to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\ba\s+deadline\s+(?:of\s+[^,;.]{{2,40}}?\s+)?to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:must|shall|needs?\s+to|has\s+to|have\s+to)\s+(?!be\s+(?:noted|seen|said)|apply\b){_CLAUSE}{_CLAUSE_END}",
]
CONCERN_PATTERNS = [
    rf"\b(?:warned|warns|warn|argued|argue|argues|arguing|feared|fear|fears|worried|worry)\s+that\s+(?P<span>{_CLAUSE}){_CLAUSE_END}",
    rf"\bfears?\s+(?:of\s+|that\s+)?{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:concerns?|worries|worry|disquiet|criticism|controversy|fears)\s+(?:that|about|over|around|for|of|voiced|has\s+revolved\s+around)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\bquestions?\s+of\s+{_CLAUSE}\s+remain",
    rf"\b(?:set\s+up|destined|likely|bound)\s+to\s+fail\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:risks?|danger)\s+(?:of|that)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\bcould\s+lead\s+to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\breduc(?:es|e|ing)\s+local\s+(?:input|voice|accountability){_CLAUSE}{_CLAUSE_END}",
    rf"\bloss\s+of\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:query|queries|queried|question|questioned|challenged|criticised|criticized)\s+(?:whether|how|why|the)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:it\s+is\s+)?(?:unclear|not\s+clear|difficult\s+to\s+assess)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:struggle|struggled|struggling)\s+to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:has|have)\s+not\s+always\s+led\s+to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\bchallenges\s+in\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:huge|major|massive|significant|combined)\s+(?:financial\s+problems|deficits?|gaps?){_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:pressure|cuts)\s+(?:on|to)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\bwill\s+be\s+rationed{_CLAUSE}{_CLAUSE_END}",
    rf"\bno\s+(?:real\s+)?evidence\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\byet\s+to\s+be\s+any\s+real\s+evidence{_CLAUSE}{_CLAUSE_END}",
]
PROBLEM_PATTERNS = [  # words that name a problem: the span runs from the word to the end of its clause
    rf"\b(?:(?:already|still|now|be|are|is|were|was)\s+)?in\s+deficit{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:report|reports|reported|run|runs|running|face|faces|facing|forecast|forecasts|with)\s+(?:\w+\s+)?deficits?\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:austerity|crisis|crises|disruption|outsourcing|rationing|bureaucracy)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:failed|fails|failing)\s+to\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:that|which|who)\s+(?:have|has|had)\s+failed\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:has|have|had)\s+been\s+(?:widely\s+|heavily\s+|strongly\s+)?(?:criticised|criticized|challenged|questioned)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:legal|judicial)\s+(?:challenges?|issues|uncertainty|action)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:legislative|legal)\s+(?:issues|problems|obstacles)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:unlawful|illegal|breach(?:es|ed)?)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:suffered|suffer|suffers)\s+from\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:cannot|can't|could\s+not|unable\s+to)\s+(?:afford|balance|meet|deliver|recruit|fill|pay|fund|submit|break\s+even)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:difficulty|difficulties)\s+(?:in\s+)?\w+ing\b{_CLAUSE}{_CLAUSE_END}",
    rf"\bremains?\s+to\s+be\s+(?:clarified|seen|decided|determined|resolved){_CLAUSE_END}",
    rf"\bquestions\s+(?:about|over|around)\s+{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:little|limited|scant|insufficient|weak)\s+evidence\b{_CLAUSE}{_CLAUSE_END}",
    rf"\bmake\s+it\s+(?:harder|more\s+difficult|difficult|impossible)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:staff(?:ing)?|workforce|funding|skills?)\s+(?:shortages?|gaps?|crisis)\b{_CLAUSE}{_CLAUSE_END}",
    rf"\b(?:biggest|greatest|major|main|key|serious)\s+(?:risk|threat|challenge|problem|concern)s?\b{_CLAUSE}{_CLAUSE_END}",
]
_DUTY_RE = [re.compile(p, re.I) for p in DUTY_PATTERNS]
_PROBLEM_RE = [re.compile(p, re.I) for p in PROBLEM_PATTERNS]
_CONCERN_RE = [re.compile(p, re.I) for p in CONCERN_PATTERNS] + _PROBLEM_RE
_DENIED_BEFORE = re.compile(r"(?:\b(?:not|no|nothing|never|without)\b|n't)(?:\s+\w+){0,3}\s*$", re.I)
"""A problem word denied ("did not find anything unlawful") names no concern."""
# a sentence with none of these words holds no duty or concern span: skip the patterns
TRIGGER_WORDS = (
    "duty", "duties", "triple", "responsib", "required", "expected", "obliged", "mandated", "directed", "must", "shall",
    "need", "has to", "have to", "asked", "told", "instructed", "deadline", "fear", "concern", "worr", "disquiet",
    "critic", "controvers", "question", "fail", "risk", "danger", "threat", "problem", "lead to", "local input",
    "local voice", "loss of", "quer", "challeng", "unclear", "not clear", "difficult", "struggl", "not always",
    "deficit", "gap", "pressure", "cuts", "ration", "evidence", "warn", "argu", "austerity", "crisis", "crises",
    "disruption", "outsourcing", "lawful", "illegal", "breach", "suffer", "remain to be", "remains to be", "legal ",
    "judicial", "legislative", "cannot", "can't", "could not", "unable to", "shortage", "make it")
TRIGGERS = re.compile("|".join(re.escape(w) for w in TRIGGER_WORDS), re.I)


def triggered(sentence: str) -> bool:
    """Does the sentence hold any trigger word? Plain substring tests: one alternation regex over
    every word costs about 100 µs a sentence, more than all the patterns it guards."""
    lowered = sentence.lower()
    return any(word in lowered for word in TRIGGER_WORDS)
_QUESTION_HEADINGS = re.compile(r"\b(?:questions?|concerns?|criticisms?|risks?|worries)\b", re.I)
_MAX_WORDS = 30


@dataclass(frozen=True)
class CueSpan:
    label: str
    start: int
    end: int
    text: str
    canonical: str


# words every duty in this domain shares: they say nothing about which duty it is
DOMAIN_WORDS = {"care", "health", "service", "services", "nhs", "system", "systems", "integrated", "local", "new",
                "bodies", "body", "organisations", "responsible", "duty", "duties", "must", "required", "expected",
                "legal", "statutory", "general", "broad", "overarching"}


def content_words(text: str) -> set[str]:
    """Lower-case content-word stems (first six letters), for overlap between wordings."""
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower().replace("’", "'"))
            if w not in STOP_WORDS and w not in DOMAIN_WORDS and len(w) > 2}


def duty_key(text: str, registry: Registry) -> str:
    """The duties.yml key whose paraphrases share most words with `text`, or with its head alone
    ("shared duties" in "shared duties for CCGs and providers on outcomes"); else a new key."""
    head = re.match(r"(.*?\bdut(?:y|ies)\b.*?)\s+(?:for|on)\s", text, re.I)
    if head:
        key = _registered_duty(head.group(1), registry)
        if key:
            return key
    best = _registered_duty(text, registry)
    if best:
        return best
    marker = re.compile(r"^(?:.*?\b(?:duty|duties|responsible for|required to|expected to|must|needs? to|has to|have to|shall|"
                        r"(?:deadline|asked|told|instructed)\b.*?\bto)\b)", re.I)
    rest = marker.sub("", text) or text
    key_words = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in STOP_WORDS][:5]
    return "_".join(key_words) or "unnamed_duty"


_DUTY_WORDS: dict[str, list[tuple[str, set[str]]]] = {}


def _duty_wordings(registry: Registry) -> list[tuple[str, set[str]]]:
    """(key, content words) of every duty description and paraphrase, built once per registry version."""
    if registry.fingerprint not in _DUTY_WORDS:
        _DUTY_WORDS[registry.fingerprint] = [
            (key, content_words(wording)) for key, entry in registry.duties.items()
            for wording in [entry.get("description", ""), *entry.get("paraphrases", [])]]
    return _DUTY_WORDS[registry.fingerprint]


def _registered_duty(text: str, registry: Registry) -> str | None:
    words = content_words(text)
    best, best_score = None, 0.0
    for key, other in _duty_wordings(registry):
        if not other or not words:
            continue
        shared = len(words & other)
        score = shared / (len(words) * len(other)) ** 0.5 if shared >= min(2, len(words)) else 0.0
        if score > best_score:
            best, best_score = key, score
    return best if best and best_score >= 0.35 else None


_TOPIC_PATTERNS: dict[str, list[tuple[str, re.Pattern]]] = {}


def _topic_patterns(registry: Registry) -> list[tuple[str, re.Pattern]]:
    """One compiled alternation of cue words per topic, built once per registry version."""
    if registry.fingerprint not in _TOPIC_PATTERNS:
        _TOPIC_PATTERNS[registry.fingerprint] = [
            (topic, re.compile(r"\b(?:%s)" % "|".join(_cue_pattern(c) for c in entry["cues"])))
            for topic, entry in registry.concerns.items() if entry.get("cues")]
    return _TOPIC_PATTERNS[registry.fingerprint]


def _cue_pattern(cue: str) -> str:
    """A cue word as a pattern: any case, but an acronym ("IT") only in capitals, never the pronoun "it"."""
    return rf"(?-i:{re.escape(cue)})\b" if cue.isupper() else rf"(?i:{re.escape(cue)})"


def concern_topic(text: str, context: str, registry: Registry) -> str:
    """The concerns.yml topic whose cues occur most in the span (counted double) and its sentence;
    on a tie, the topic named first in the span ("little evidence that it saves money": evidence)."""
    span, sentence = text, context
    scores = {}
    for topic, pattern in _topic_patterns(registry):
        first = pattern.search(span)
        scores[topic] = (2 * len(pattern.findall(span)) + len(pattern.findall(sentence)), -(first.start() if first else len(span)))
    best = max(scores, key=lambda t: scores[t], default="other")
    return best if scores.get(best, (0,))[0] else "other"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,\u00a0":
        end -= 1
    while start < end and text[start] in " ,\u00a0":
        start += 1
    return start, end


def find_cue_spans(text: str, sentences: list[tuple[int, int]], registry: Registry) -> list[CueSpan]:
    """DUTY and CONCERN spans of a document; `sentences` are (start, end) offsets."""
    spans: list[CueSpan] = []
    previous_heading = ""
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        taken: list[tuple[int, int]] = []
        has_trigger = triggered(sentence)
        lead_in = sentence.rstrip().endswith(":")  # "The legal challenges were as follows:" introduces, it does not worry
        for label, patterns in (("DUTY", _DUTY_RE), ("CONCERN", () if lead_in else _CONCERN_RE)) if has_trigger else ():
            for pattern in patterns:
                for m in pattern.finditer(sentence):
                    # a pattern may name the part that is the span: "warned that <span>"
                    start, end = _trim(sentence, *(m.span("span") if "span" in pattern.groupindex else m.span()))
                    if end - start < 4 or len(sentence[start:end].split()) > _MAX_WORDS:
                        continue
                    if any(start < e and s < end for s, e in taken):
                        continue
                    if pattern in _PROBLEM_RE and _DENIED_BEFORE.search(sentence[:start]):
                        continue
                    taken.append((start, end))
                    span_text = sentence[start:end]
                    if label == "DUTY":  # a bare "new statutory duty" is named by what follows it
                        canonical = duty_key(span_text if content_words(span_text) else sentence[start:], registry)
                    else:
                        canonical = concern_topic(span_text, sentence, registry)
                    spans.append(CueSpan(label, s_start + start, s_start + end, span_text, canonical))
        is_question = sentence.rstrip().endswith("?")
        if is_question and not taken and (_QUESTION_HEADINGS.search(previous_heading) or re.match(r"\d+\.\s", sentence)):
            start = re.match(r"(?:\d+\.\s+)?", sentence).end()
            spans.append(CueSpan("CONCERN", s_start + start, s_end, sentence[start:],
                                 concern_topic(sentence, sentence, registry)))
        if not sentence.rstrip().endswith((".", "?", "!")) and len(sentence.split()) <= 8:
            previous_heading = sentence
    return sorted(spans, key=lambda s: s.start)
