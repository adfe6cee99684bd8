"""Gazetteer: BODY and POLICY mentions from the registries, plus unregistered organisations.

Registry aliases match case-insensitively with plural and "&"/"and" variants, acronyms
case-sensitively; an acronym defined in the text ("integrated care boards (ICBs)") is
learnt for that document; an acronym with two meanings (ICP) is resolved from the words
around it. Names in no registry are found by the shape of organisation names
("Surrey Heartlands Health and Care Partnership", "the Labour Party", "NHS Providers").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..registry import Registry, alias_variants
from ..text.sentences import doc_text

_WORD = r"[\w&'’-]*(?:\.[\w&'’-]+)*"
"""The rest of a capitalised word of a name: a full stop only inside it ("Bill. The" is two sentences)."""
ORG_NAME = (rf"\b(?:[A-Z]{_WORD}[ \t]+)(?:(?:[A-Z]{_WORD}|and|of|for|&|on)[ \t]+){{0,6}}{{organisation_heads}}\b"
            r"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)*)?")
"""An organisation-shaped name: capitalised words ending in a head from annotations/rules/names.yml, on one line."""
POLICY_NAME = (rf"\b(?:(?!(?:19|20)\d\d\b)[A-Z0-9]{_WORD}[ \t]+)"
               rf"(?:(?:(?!(?:19|20)\d\d\b)[A-Z0-9]{_WORD}|and|of|for|&|on|to|in)[ \t]+){{0,6}}{{policy_heads}}\b"
               r"(?:[ \t]+(?:19|20)\d\d\b)?")
"""A policy-shaped name: capitalised words ending in a policy head ("Better Care Fund", "Care Act 2014"); a
year before the name is a date, not part of it ("the 2019 Long Term Plan")."""


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
    after_the: PhraseMatcher  # aliases read only after "the", never their plural ("the health service")
    in_context: dict[str, re.Pattern]  # match key -> the words a text must hold for its contextual aliases
    contextual: PhraseMatcher
    entries: dict[str, tuple[str, str]]  # match key -> (label, canonical)
    ambiguous: dict[str, list[str]]  # acronym -> canonical bodies it can mean
    known_acronyms: set[str]
    noun_only: set[str]
    org_name: re.Pattern  # ORG_NAME with the registry's organisation heads
    policy_name: re.Pattern  # POLICY_NAME with the policy heads
    short_form: re.Pattern  # "the Act", "this contract": a determiner and a head a name ended in
    lower_case_heads: frozenset[str]  # policy heads whose short form is read in lower case
    leading_generic: frozenset[str]  # capitalised words that do not start a name ("The", "Local")
    office_titles: frozenset[str]  # "Chief", "Executive", "Chair": an office's title, not a body's name
    office_of: re.Pattern  # "Chief Executive of (the) ": the title that opens a name of an office
    senses: dict[str, frozenset[str]]  # meaning of a two-meaning acronym -> words near it that point to it

    @classmethod
    def build(cls, nlp: Language, registry: Registry) -> Gazetteer:
        lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
        after_the, contextual = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="LOWER")
        in_context: dict[str, re.Pattern] = {}
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
                if entry.get("any_case"):
                    any_case = set().union(*(alias_variants(a) for a in entry["any_case"]))
                    lower.add(key, [nlp.make_doc(f) for f in sorted(any_case)])
                if entry.get("after_the"):
                    after_the.add(key, [nlp.make_doc(a) for a in entry["after_the"]])
                if entry.get("in_context"):
                    context = entry["in_context"]
                    contextual.add(key, [nlp.make_doc(a) for a in context.get("aliases", [])])
                    in_context[key] = re.compile("|".join(_context_word(w) for w in context.get("when", [])))
                if entry.get("noun_only"):
                    noun_only.add(key)
                for acronym in entry.get("acronyms", []):
                    known.add(acronym)
                    acronym_meanings.setdefault(acronym, []).append(canonical)
                    exact.add(f"{key}|acronym", [nlp.make_doc(acronym)])
        ambiguous = {a: c for a, c in acronym_meanings.items() if len(c) > 1}
        words = registry.vocabulary
        heads = sorted({*words.phrases("organisation_heads"), *words.phrases("policy_heads"),
                        *words.phrases("lower_case_policy_heads")}, key=len, reverse=True)
        determiners = "|".join(words.phrases("short_form_determiners"))
        offices = frozenset(words.phrases("office_titles"))
        short_form = re.compile(rf"\b(?:{determiners})\s+({'|'.join(re.escape(h) for h in heads)})\b", re.I)
        return cls(lower, exact, after_the, in_context, contextual, entries, ambiguous, known, noun_only,
                   words.compile(ORG_NAME, flags=0), words.compile(POLICY_NAME, flags=0), short_form,
                   frozenset(h.lower() for h in words.phrases("lower_case_policy_heads")),
                   frozenset(words.phrases("leading_generic")), offices,
                   re.compile(rf"(?:(?:{'|'.join(map(re.escape, sorted(offices)))})\s+)+of\s+(?:the\s+)?"),
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
        for match_id, start, end in self.after_the(doc):
            if start > 0 and doc[start - 1].lower_ == "the":
                candidates.append((start, end, *self.entries[doc.vocab.strings[match_id]], "registry"))
        text_of_doc = doc_text(doc)
        for match_id, start, end in self.contextual(doc):
            key = doc.vocab.strings[match_id]
            if self.in_context[key].search(text_of_doc):
                candidates.append((start, end, *self.entries[key], "registry"))
        chosen = _longest_first(candidates)
        text = doc_text(doc)
        lowered = text.lower()
        matches = [NameMatch(label, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                             self._resolve(doc, lowered, s, e, canonical, label), source)
                   for s, e, label, canonical, source in chosen]
        matches = [_extend_policy_year(text, m) for m in matches]
        starts = {x.start for x in matches}
        matches = [_extend_title(text, m, starts) for m in matches]
        matches = self._add_patterns(text, matches, self.org_name, "BODY")
        matches = self._add_patterns(text, matches, self.policy_name, "POLICY")
        matches = _add_defined_acronyms(text, matches, self.known_acronyms, set(self.ambiguous))
        matches = self._add_quoted_titles(text, matches)
        return self._add_short_forms(text, matches)

    def _add_quoted_titles(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """A document's title in quotation marks after "the" ("the ‘Independent review of coastal
        services’") is a POLICY when it holds a policy head word (investigation, review, plan, ...), whatever its
        case; the names inside it give way to it, a registry policy that is the whole title stays."""
        out = list(matches)
        for m in _QUOTED_TITLE.finditer(text):
            start, end = m.span(1)
            title = m.group(1)
            words = re.findall(r"[A-Za-z]+", title.lower())
            if not 2 <= len(words) <= 12 or not set(words) & self.lower_case_heads:
                continue
            inside = [x for x in out if start <= x.start and x.end <= end]
            if any(x.label == "POLICY" and x.source.startswith("registry") for x in inside) or any(
                    x.start < start < x.end or x.start < end < x.end for x in out):
                continue
            out = [x for x in out if x not in inside] + [NameMatch("POLICY", start, end, _name_form(title), "quoted_title")]
        return sorted(out, key=lambda x: x.start)

    def _add_short_forms(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """"the Act", "this contract", "the Committee": the latest name before it that ends in the same
        head, when the text named one (GUIDELINES §15-16). A body's short form is read capitalised only."""
        out, taken = list(matches), [(m.start, m.end) for m in matches]
        for m in self.short_form.finditer(text):
            start, end = m.span(1)
            head = m.group(1)
            if any(a < end and start < b for a, b in taken):
                continue
            lower = head.lower()
            earlier = [x for x in matches if x.end <= m.start() and x.source != "short_form"
                       and _head_of(text[x.start:x.end], x.canonical) == lower]
            if not earlier:
                continue
            name = earlier[-1]
            if head[0].islower() and (name.label == "BODY" or lower not in self.lower_case_heads):
                continue
            out.append(NameMatch(name.label, start, end, name.canonical, "short_form"))
            taken.append((start, end))
        return sorted(out, key=lambda x: x.start)

    def _add_patterns(self, text: str, matches: list[NameMatch], pattern: re.Pattern, label: str) -> list[NameMatch]:
        """Organisation- or policy-shaped names in no registry. A longer such name replaces the registry
        matches inside it ("Kent and Medway Health and Care Partnership" is one body).
        Each name looks only at the matches near it (bisect), so the time grows with the text, not its square."""
        matches = sorted(matches, key=lambda x: x.start)
        starts = [x.start for x in matches]
        longest = max((x.end - x.start for x in matches), default=0)
        replaced: set[int] = set()  # indexes into matches
        added = []
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            words = text[start:end].split()
            while words and words[0] in self.leading_generic:
                start += len(words[0]) + 1
                words = words[1:]
            office = self.office_of.match(text, start)
            if office and office.end() < end:  # "Chief Executive of Birmingham City Council": the council
                start = office.end()
                words = text[start:end].split()
            if all(w in self.office_titles for w in words):
                continue  # "the Chief Executive": an office
            near = range(bisect_left(starts, m.start() - longest), bisect_left(starts, end))
            inner = [matches[i].start for i in near if m.start() <= matches[i].start < start and matches[i].end <= end]
            if inner:  # "The Local Government Association": a registry name opens it, so the generic word belongs
                start = min(inner)
                words = text[start:end].split()
            owner = max(text.rfind("’s ", start, end), text.rfind("'s ", start, end))
            if owner > start:  # "NHS England’s Model ICB Blueprint": the owner is a name of its own
                if label == "BODY" and self.org_name.fullmatch(text, start, owner) and not any(
                        start < matches[i].end and matches[i].start < owner for i in near):
                    added.append(NameMatch("BODY", start, owner, _name_form(text[start:owner]), "org_pattern"))
                start = owner + 3
                words = text[start:end].split()
            if len(words) < 2:
                continue
            for i in near:  # "Royal College of Nursing and NHS Providers": two names
                joined = text[start:matches[i].start]
                if start < matches[i].start < end and joined.endswith((" and ", " & ")):
                    end = matches[i].start - (5 if joined.endswith(" and ") else 3)
            if len(text[start:end].split()) < 2:
                continue
            overlapping = [i for i in near if i not in replaced and start < matches[i].end and matches[i].start < end]
            if any(matches[i].start < start or matches[i].end > end or (matches[i].start, matches[i].end) == (start, end)
                   for i in overlapping):
                continue  # crosses or equals a registry name: the registry knows better
            if len(overlapping) > 1 and _tiled(text, start, end, [matches[i] for i in overlapping]):
                continue  # "House of Lords Public Accounts Committee": registered names, side by side
            replaced.update(overlapping)
            source = "org_pattern" if label == "BODY" else "policy_pattern"
            added.append(NameMatch(label, start, end, _name_form(text[start:end]), source))
        kept = [x for i, x in enumerate(matches) if i not in replaced]
        return sorted(kept + added, key=lambda x: x.start)

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


def _tiled(text: str, start: int, end: int, names: list[NameMatch]) -> bool:
    """Whether registered names cover text[start:end] with nothing but white space between them."""
    at = start
    for name in sorted(names, key=lambda x: x.start):
        if text[at:name.start].strip():
            return False
        at = name.end
    return not text[at:end].strip()


def _context_word(word: str) -> str:
    """A word a text must hold: an acronym in capitals, any other word in any case."""
    return rf"\b{re.escape(word)}\b" if word.isupper() else rf"(?i:\b{re.escape(word)}\b)"


def _name_form(name: str) -> str:
    """A name as its canonical: without a possessive, white space as single spaces."""
    return re.sub(r"['’]s$", "", " ".join(name.split()))


def _head_of(surface: str, canonical: str) -> str:
    """The head a short form repeats: "Health and Care Act 2022" -> "act", "White Paper" -> "white paper"."""
    words = [w for w in re.findall(r"[A-Za-z]+", surface) if w]
    if len(words) >= 2 and words[-2].lower() == "white" and words[-1].lower() == "paper":
        return "white paper"
    return words[-1].lower() if words else ""


_QUOTED_TITLE = re.compile(r"\bthe\s+[‘“'\"]([A-Z][^‘’“”'\"\n.!?;:]{3,150})[’”'\"]")
_DEFINITION = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]*[A-Z])(s?)\s*\)")


def _add_defined_acronyms(text: str, matches: list[NameMatch], known: set[str], ambiguous: set[str]) -> list[NameMatch]:
    """An acronym the text defines in brackets after a name it found ("the Office for Health Improvement
    and Disparities (OHID)", "the Network Contract Directed Enhanced Service (DES)") names that body or
    policy in the rest of the document. The text's own definition outranks the registry's meaning of a
    known acronym ("the Sustainability and Transformation Plan (STP)": STP is then the plan, not the
    partnership the registry reads it as), unless the registry gives it two meanings or the text defines
    it twice: those are read per occurrence (`Gazetteer._resolve`, GUIDELINES §16)."""
    learnt: dict[str, NameMatch] = {}
    meanings: dict[str, set[tuple[str, str]]] = {}
    for m in matches:
        d = _DEFINITION.match(text, m.end)
        if d and len(d.group(1)) >= 2:
            learnt.setdefault(d.group(1), m)
            meanings.setdefault(d.group(1), set()).add((m.label, m.canonical))
    learnt = {a: m for a, m in learnt.items()
              if a not in known or (len(meanings[a]) == 1 and a not in ambiguous and a.rstrip("s") not in ambiguous)}
    if not learnt:
        return matches
    out, taken = list(matches), [(m.start, m.end) for m in matches]
    for acronym, name in learnt.items():
        redefined = acronym in known
        for found in re.finditer(rf"\b{re.escape(acronym)}s?\b", text):
            start, end = found.span()
            if start <= name.start:
                continue
            if redefined:  # the registry's reading of this very acronym gives way to the text's
                same = [x for x in out if (x.start, x.end) == (start, end) and x.source.startswith("registry")
                        and (x.label, x.canonical) != (name.label, name.canonical)]
                for x in same:
                    out.remove(x)
                    out.append(NameMatch(name.label, start, end, name.canonical, "acronym_defined"))
            elif not any(a < end and start < b for a, b in taken):
                out.append(NameMatch(name.label, start, end, name.canonical, "acronym_defined"))
                taken.append((start, end))
    return sorted(out, key=lambda x: x.start)


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


_TITLE_TAIL = re.compile(r" and((?: [A-Z][a-z]+){1,2})(?=[\s,.;:)]|$)(?! [A-Z])")


def _extend_title(text: str, match: NameMatch, name_starts: set[int]) -> NameMatch:
    """"Secretary of State for Culture and Sport": a registered title "... of/for X" goes on over
    "and" and one or two capitalised words that end the title; not over another name ("NHS England
    and NHS Improvement")."""
    name = text[match.start:match.end]
    tail = _TITLE_TAIL.match(text, match.end)
    if match.label != "BODY" or not re.search(r" (?:of|for) [A-Z]", name) or not tail \
            or match.end + 5 in name_starts:
        return match
    return NameMatch(match.label, match.start, tail.end(), match.canonical, match.source)


def _extend_policy_year(text: str, match: NameMatch) -> NameMatch:
    """"Health & Care Bill 2022": a bill's or act's year belongs to its name."""
    if match.label == "POLICY" and text[match.start:match.end].lower().endswith(("bill", "act")):
        year = _YEAR_AFTER.match(text[match.end:match.end + 6])
        if year:
            return NameMatch(match.label, match.start, match.end + year.end(), match.canonical, match.source)
    return match
