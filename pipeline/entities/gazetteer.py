"""Gazetteer: BODY and POLICY mentions from the registries, plus unregistered organisations.

Registry aliases match case-insensitively with plural and "&"/"and" variants, acronyms
case-sensitively; an acronym defined in the text ("integrated care boards (ICBs)") is
learnt for that document; an acronym with two meanings (ICP) is resolved from the words
around it. Names in no registry are found by the shape of organisation names
("Surrey Heartlands Health and Care Partnership", "the Labour Party", "NHS Providers").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..registry import Registry, alias_variants
from ..text.sentences import doc_text

ORG_NAME = (r"\b(?:[A-Z][\w&'’.-]*\s+)(?:(?:[A-Z][\w&'’.-]*|and|of|for|&|on)\s+){0,6}{organisation_heads}\b"
            r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)?")
"""An organisation-shaped name: capitalised words ending in a head from annotations/rules/names.yml."""


@dataclass(frozen=True)
class NameMatch:
    label: str  # BODY or POLICY
    start: int  # character offsets
    end: int
    canonical: str
    source: str  # registry, acronym_defined, org_pattern


@dataclass
class Gazetteer:
    """PhraseMatchers built once from a registry."""

    lower: PhraseMatcher
    exact: PhraseMatcher
    entries: dict[str, tuple[str, str]]  # match key -> (label, canonical)
    ambiguous: dict[str, list[str]]  # acronym -> canonical bodies it can mean
    known_acronyms: set[str]
    noun_only: set[str]
    org_name: re.Pattern  # ORG_NAME with the registry's organisation heads
    leading_generic: frozenset[str]  # capitalised words that do not start a name ("The", "Local")
    senses: dict[str, frozenset[str]]  # meaning of a two-meaning acronym -> words near it that point to it

    @classmethod
    def build(cls, nlp: Language, registry: Registry) -> Gazetteer:
        lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
        entries: dict[str, tuple[str, str]] = {}
        acronym_meanings: dict[str, list[str]] = {}
        noun_only: set[str] = set()
        known: set[str] = set()
        for label, table in (("BODY", registry.bodies), ("POLICY", registry.policies)):
            for canonical, entry in table.items():
                key = f"{label}|{canonical}"
                entries[key] = (label, canonical)
                named_by_canonical = label == "POLICY" or entry.get("kind") != "instance"
                aliases = {canonical, *entry.get("aliases", [])} if named_by_canonical else set(entry.get("aliases", []))
                forms = set().union(*(alias_variants(a) for a in aliases)) if aliases else set()
                target = exact if entry.get("case_sensitive") else lower
                target.add(key, [nlp.make_doc(f) for f in sorted(forms)])
                if entry.get("noun_only"):
                    noun_only.add(key)
                for acronym in entry.get("acronyms", []):
                    known.add(acronym)
                    acronym_meanings.setdefault(acronym, []).append(canonical)
                    exact.add(f"{key}|acronym", [nlp.make_doc(acronym)])
        ambiguous = {a: c for a, c in acronym_meanings.items() if len(c) > 1}
        words = registry.vocabulary
        return cls(lower, exact, entries, ambiguous, known, noun_only, words.compile(ORG_NAME, flags=0),
                   frozenset(words.phrases("leading_generic")),
                   {meaning: frozenset(cues) for meaning, cues in words.mapping("acronym_senses").items()})

    def find(self, doc: Doc) -> list[NameMatch]:
        """Non-overlapping registry and pattern matches, longest first."""
        candidates: list[tuple[int, int, str, str, str]] = []  # start_tok, end_tok, label, canonical, source
        for matcher, source in ((self.lower, "registry"), (self.exact, "registry_exact")):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                base = key.removesuffix("|acronym")
                label, canonical = self.entries[base]
                if base in self.noun_only and end < len(doc) and _is_modifier_use(doc[end]):
                    continue
                if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "non":
                    continue  # "non-NHS bodies" are not NHS bodies
                candidates.append((start, end, label, canonical, source))
        candidates += self._defined_acronyms(doc, candidates)
        chosen = _longest_first(candidates)
        text = doc_text(doc)
        lowered = text.lower()
        matches = [NameMatch(label, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                             self._resolve(doc, lowered, s, e, canonical, label), source)
                   for s, e, label, canonical, source in chosen]
        matches = [_extend_policy_year(text, m) for m in matches]
        return self._add_org_patterns(text, matches)

    def _add_org_patterns(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """Organisation-shaped names in no registry. A longer such name replaces the registry
        matches inside it ("Kent and Medway Health and Care Partnership" is one body)."""
        out = list(matches)
        for m in self.org_name.finditer(text):
            start, end = m.start(), m.end()
            words = text[start:end].split()
            while words and words[0] in self.leading_generic:
                start += len(words[0]) + 1
                words = words[1:]
            inner = [x.start for x in matches if m.start() <= x.start < start and x.end <= end]
            if inner:  # "The Local Government Association": a registry name opens it, so the generic word belongs
                start = min(inner)
                words = text[start:end].split()
            if len(words) < 2:
                continue
            for x in matches:  # "Royal College of Nursing and NHS Providers": two names
                joined = text[start:x.start]
                if start < x.start < end and joined.endswith((" and ", " & ")):
                    end = x.start - (5 if joined.endswith(" and ") else 3)
            if len(text[start:end].split()) < 2:
                continue
            overlapping = [x for x in out if start < x.end and x.start < end]
            if any(x.start < start or x.end > end or (x.start, x.end) == (start, end) for x in overlapping):
                continue  # crosses or equals a registry name: the registry knows better
            out = [x for x in out if x not in overlapping]
            out.append(NameMatch("BODY", start, end, text[start:end], "org_pattern"))
        return sorted(out, key=lambda x: x.start)

    def _resolve(self, doc: Doc, lowered: str, start: int, end: int, canonical: str, label: str) -> str:
        """Pick the meaning of an ambiguous acronym: cue words within 25 tokens of it, and
        the expansion the text spelt out most recently before it."""
        acronym = doc[start].text
        meanings = self.ambiguous.get(acronym) or self.ambiguous.get(acronym[:-1])
        if label != "BODY" or end - start != 1 or not meanings:
            return canonical
        words = {t.lower_ for t in doc[max(0, start - 25):start + 25] if t.i != start}
        scores = {m: float(len(words & self.senses.get(m, frozenset()))) for m in meanings}
        before = lowered[:doc[start].idx]
        latest = max(meanings, key=lambda m: before.rfind(m))
        if before.rfind(latest) >= 0:
            scores[latest] += 1.5
        winners = [m for m in meanings if scores[m] == max(scores.values())]
        return winners[0] if len(winners) == 1 else canonical

    def _defined_acronyms(self, doc: Doc, candidates) -> list[tuple[int, int, str, str, str]]:
        """Acronyms the text defines in brackets after a registry name, tagged in the rest of the document."""
        learnt: dict[str, tuple[str, str]] = {}
        for _, end, label, canonical, _ in candidates:
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acronym = doc[end + 1].text
                if re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]s?", acronym) and acronym not in self.known_acronyms:
                    learnt[acronym.rstrip("s")] = (label, canonical)
        if not learnt:
            return []
        found = []
        for token in doc:
            base = token.text[:-1] if token.text.endswith("s") and token.text[:-1] in learnt else token.text
            if base in learnt:
                label, canonical = learnt[base]
                found.append((token.i, token.i + 1, label, canonical, "acronym_defined"))
        return found


def _is_modifier_use(next_token) -> bool:
    """"NHS services": the name modifies the next noun rather than naming the institution."""
    return next_token.is_alpha and next_token.lower_ not in STOP_WORDS and not next_token.text[0].isupper()


def _longest_first(candidates):
    chosen, used = [], set()
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[4] != "registry_exact", c[2] != "POLICY")):
        span = set(range(cand[0], cand[1]))
        if span & used:
            continue
        used |= span
        chosen.append(cand)
    return sorted(chosen)


_YEAR_AFTER = re.compile(r"^\s(?:19|20)\d\d\b")


def _extend_policy_year(text: str, match: NameMatch) -> NameMatch:
    """"Health & Care Bill 2022": a bill's or act's year belongs to its name."""
    if match.label == "POLICY" and text[match.start:match.end].lower().endswith(("bill", "act")):
        year = _YEAR_AFTER.match(text[match.end:match.end + 6])
        if year:
            return NameMatch(match.label, match.start, match.end + year.end(), match.canonical, match.source)
    return match
