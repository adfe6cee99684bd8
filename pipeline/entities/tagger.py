"""Entities: a tokenised document in, BODY, POLICY, DATE, POPULATION, DUTY and CONCERN
records with normalised values out (SPEC §3).

Each family has its own module (gazetteer, dates, populations, cues); `EntityTagger` runs
them, settles overlaps and year-less dates, and records which component found each span
with the confidence settings.py gives it.
"""
from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Entity, Sentence
from ..registry import Registry
from ..settings import DEFAULT, Settings
from ..text.sentences import doc_text
from .cues import CueTagger
from .dates import find_dates, normalise_date
from .gazetteer import Gazetteer
from .populations import find_populations


class EntityTagger:
    """The entity taggers of one registry, built once (phrase matchers, cue patterns)."""

    def __init__(self, nlp: Language, registry: Registry, settings: Settings = DEFAULT):
        self.registry, self.settings = registry, settings
        self.gazetteer = Gazetteer.build(nlp, registry)
        self.cues = CueTagger(registry, settings)
        self.name_confidence = {"registry": settings.registry_confidence, "registry_exact": settings.registry_confidence,
                                "acronym_defined": settings.defined_acronym_confidence,
                                "org_pattern": settings.org_pattern_confidence,
                                "policy_pattern": settings.org_pattern_confidence,
                                "quoted_title": settings.org_pattern_confidence,
                                "short_form": settings.short_form_confidence}

    def body_named(self, doc: Doc) -> str | None:
        """The canonical of the body a short text names ("The King's Fund", "Wessex Council Health
        Scrutiny Committee"): a document's publisher, whom its "we" stands for."""
        names = [m for m in self.gazetteer.find(doc) if m.label == "BODY" and m.canonical]
        text = doc_text(doc)
        whole, last = len(text.strip()), len(text.rstrip())
        covering = next((m.canonical for m in names if whole and (m.end - m.start) >= 0.8 * whole), None)
        # else the name that ends it, as a unit ends its parent's name ("Parent Body Health Committee")
        return covering or next((m.canonical for m in names if m.end == last and (m.end - m.start) >= 0.5 * whole), None)

    def tag(self, doc: Doc, sentences: list[Sentence], published: str | None = None,
            lead_ins: dict[int, int] | None = None) -> list[Entity]:
        """Every entity of a document; `lead_ins`: each list item's lead-in (text/lists.py)."""
        settings = self.settings
        text = doc_text(doc)
        starts = [s.start_char for s in sentences]

        def sentence_of(offset: int) -> int:
            return max(0, bisect.bisect_right(starts, offset) - 1)

        entities: list[Entity] = []
        names = self.gazetteer.find(doc)
        for m in names:
            entities.append(Entity(m.label, m.start, m.end, text[m.start:m.end], sentence_of(m.start),
                                   canonical=m.canonical, source=m.source, confidence=self.name_confidence[m.source]))
        name_spans = [(m.start, m.end) for m in names]

        def overlaps_name(start: int, end: int) -> bool:
            i = bisect.bisect_left(name_spans, (start, start))
            return any(s < end and start < e for s, e in name_spans[max(0, i - 1):i + 2])

        document_year = int(published[:4]) if published and published[:4].isdigit() else None
        dates = [d for d in find_dates(text, document_year) if not overlaps_name(d.start, d.end)]
        dated_years: dict[int, set[str]] = {}  # sentence -> the years its dates give
        for d in dates:
            if d.value.start:
                dated_years.setdefault(sentence_of(d.start), set()).add(str(d.value.start.year))
        for d in dates:
            value = d.value
            if value.start is None:
                value = _year_from_context(sentence_of(d.start), d, dated_years) or value
            start, end, granularity = value.iso()
            entities.append(Entity("DATE", d.start, d.end, d.text, sentence_of(d.start), date_start=start,
                                   date_end=end, date_granularity=granularity, source="date_rules",
                                   confidence=settings.date_confidence if start else settings.unnormalised_date_confidence))
        for p in find_populations(text):
            if not overlaps_name(p.start, p.end):
                entities.append(Entity("POPULATION", p.start, p.end, p.text, sentence_of(p.start),
                                       pop_min=p.pop_min, pop_max=p.pop_max, source="population_rules",
                                       confidence=settings.population_confidence))
        for c in self.cues.find(text, [(s.start_char, s.end_char) for s in sentences], lead_ins):
            entities.append(Entity(c.label, c.start, c.end, c.text, sentence_of(c.start), canonical=c.canonical,
                                   source="cue_rules", confidence=settings.cue_confidence))
        return sorted(entities, key=lambda e: (e.start_char, e.end_char, e.label))


def _year_from_context(idx, date_span, dated_years):
    """A year-less date takes the single year its sentence or the one before dates (years
    inside names such as "Health & Care Bill 2022" do not count)."""
    years = dated_years.get(idx - 1, set()) | dated_years.get(idx, set())
    if len(years) != 1:
        return None
    value = normalise_date(date_span.text, int(years.pop()))
    return value if value and value.start else None
