"""Extract: one ingested document in, its sentences, entities and claims out.

`Extractor` is built once from what it needs, all of it explicit: the registry (annotations/
and its rules), the trained claim scorer (or none) and the settings. Processing a document is
then a pure function of the document, so it can run in any worker process (local pool or Dask)
and be cached by content hash.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .claims.candidates import Candidate, ClaimRules, chosen_claims
from .claims.scorer import LinearScorer, load_scorer
from .entities.tagger import EntityTagger
from .records import Entity, IngestedDocument, ProcessedDocument, Sentence
from .registry import Registry, load_registry
from .settings import DEFAULT, ExtractorSpec, Settings
from .text.lists import list_lead_ins
from .text.parse import load_syntax, parse_sentences
from .text.sentences import parse, sentence_nlp, sentence_records


class Extractor:
    """The per-document pipeline: tokenizer and sentencizer, entity taggers, claim rules, scorer."""

    def __init__(self, registry: Registry, scorer: LinearScorer | None = None, settings: Settings = DEFAULT):
        """`scorer`: grades and filters the rules' candidates; None keeps the rules' own choices."""
        self.registry, self.settings = registry, settings
        self.scorer = scorer if settings.use_scorer else None
        self.nlp = sentence_nlp()
        self.syntax = (load_syntax(paths.SYNTAX, vocab=self.nlp.vocab, tokenizer=self.nlp.tokenizer)
                       if settings.use_parser else None)
        self.entities = EntityTagger(self.nlp, registry, settings)
        self.claims = ClaimRules(registry, settings)

    @classmethod
    def load(cls, annotations: Path = paths.ANNOTATIONS, scorer: Path | None = paths.SCORER,
             settings: Settings = DEFAULT) -> Extractor:
        """The extractor of these files: the registries under `annotations`, the scorer's weights in
        `scorer` (None, or a missing file: the rules' own choices)."""
        return cls(load_registry(annotations), load_scorer(scorer) if scorer else None, settings)

    @classmethod
    def from_spec(cls, spec: ExtractorSpec) -> Extractor:
        return cls.load(spec.annotations, spec.scorer, spec.settings)

    def candidates_of(self, document: IngestedDocument) -> tuple[list[Sentence], list[Entity], list[Candidate]]:
        """The document's sentences and entities, and every claim the rules propose from them."""
        doc = parse(document.text, self.nlp)
        sentences = sentence_records(doc, self.settings.max_sentence_chars)
        lead_ins = list_lead_ins(document.text, sentences)
        entities = self.entities.tag(doc, sentences, document.published, lead_ins)
        parses = self.parses(sentences, entities)
        author = self.entities.body_named(self.nlp.make_doc(document.publisher)) if document.publisher else None
        return sentences, entities, self.claims.candidates(sentences, entities, document.published, lead_ins, parses,
                                                           document.title, author)

    def parses(self, sentences: list[Sentence], entities: list[Entity]) -> dict:
        """The dependency parse of each sentence a claim can come from: one naming a body or a policy."""
        if self.syntax is None:
            return {}
        named = {e.sentence_idx for e in entities if e.label in ("BODY", "POLICY")}
        return parse_sentences(self.syntax, self.nlp, [s for s in sentences if s.idx in named])

    def process(self, document: IngestedDocument) -> ProcessedDocument:
        """Everything the pipeline extracts from one document (nothing from one that failed to read)."""
        if not document.ok:
            return ProcessedDocument(document)
        sentences, entities, candidates = self.candidates_of(document)
        return ProcessedDocument(document, sentences=sentences, entities=entities,
                                 claims=chosen_claims(candidates, self.scorer))

