"""Parse: the trained syntax model (models/syntax/) and the parses the claim rules read.

The model (tagger, morphologizer, lemmatizer, dependency parser; trained here on the Universal
Dependencies English treebanks by `python -m pipeline train syntax`) is checked against its
manifest when it loads, and runs on the project's own tokens. Only sentences where a claim can be
are parsed; each parse is a plain record (`SentenceParse`, offsets relative to the sentence) so
that rules never hold spaCy objects.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .. import paths
from ..records import Sentence
from ..version import verify_manifest

SUBJECTS = ("nsubj", "nsubj:pass", "csubj", "csubj:pass")


def load_syntax(model_dir: Path = paths.SYNTAX, vocab=True, verify: bool = True, tokenizer=None) -> Language:
    """The trained pipeline, with spaCy's blank English tokenizer (the project's) in front.

    Pass the vocab of the project's sentence pipeline to run the components on Docs that pipeline
    made, and its tokenizer to save building another (a third of a second per process).
    Raises ValueError naming the first file that does not match the manifest.
    """
    if verify:
        problems = verify_manifest(model_dir)
        if problems:
            raise ValueError(f"syntax model not as shipped: {problems[0]}")
    if tokenizer is None:
        nlp = spacy.load(model_dir, vocab=vocab)
        nlp.tokenizer = spacy.blank("en", vocab=nlp.vocab).tokenizer
        return nlp
    # the caller's tokenizer replaces the model's: skip building and loading English's (its thousands of
    # special cases cost a fifth of a second in every worker that starts)
    nlp = spacy.load(model_dir, vocab=vocab, exclude=["tokenizer"],
                     config={"nlp": {"tokenizer": {"@tokenizers": "policy_claims.bare_tokenizer.v1"}}})
    nlp.tokenizer = tokenizer
    return nlp


@spacy.registry.tokenizers("policy_claims.bare_tokenizer.v1")
def _bare_tokenizer():
    """A tokenizer with no rules, built in no time; only ever replaced by the caller's."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def parse_doc(nlp: Language, doc: Doc) -> Doc:
    """Tag, lemmatise and parse a Doc another pipeline made (the project's sentence pipeline); the
    Doc must share `nlp`'s vocab (load with `load_syntax(vocab=...)`)."""
    if doc.vocab is not nlp.vocab:
        raise ValueError("the Doc and the syntax pipeline have different vocabs: "
                         "load it with load_syntax(vocab=<the vocab of the pipeline that made the Doc>)")
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


@dataclass(frozen=True)
class Word:
    """One token of a parsed sentence: offsets into the sentence text, lemma, UPOS, relation, head index."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int


@dataclass(frozen=True)
class SentenceParse:
    """A sentence's dependency parse as plain records."""

    words: tuple[Word, ...]

    def word_at(self, offset: int) -> int | None:
        """The index of the word holding `offset`, else of the first word after it."""
        for i, word in enumerate(self.words):
            if word.end > offset:
                return i
        return None

    def children(self, i: int, *deps: str) -> list[int]:
        return [j for j, word in enumerate(self.words) if word.head == i and j != i and (not deps or word.dep in deps)]

    def path_to_subject(self, i: int, climb_through: frozenset[str]) -> tuple[list[int], int] | None:
        """The words climbed from word `i` to the predicate that has a subject, and that subject: its
        own, else that of the word it depends on through `climb_through` relations (an xcomp, a
        conjunct, a modifier shares its head's); None at a relation that starts another clause."""
        path: list[int] = []
        while i not in path:
            path.append(i)
            subject = next(iter(self.children(i, *SUBJECTS)), None)
            if subject is not None:
                return path, subject
            head = self.words[i].head
            if head == i or self.words[i].dep not in climb_through:
                return None
            i = head
        return None


@dataclass(frozen=True)
class SyntaxWords:
    """The words of annotations/rules/syntax.yml and verbs.yml that reading a parse needs."""

    climb_through: frozenset[str]
    partitive_heads: frozenset[str]
    object_control: frozenset[str]  # lemmas of verbs whose object holds the duty of the clause under them

    @classmethod
    def of(cls, vocabulary) -> SyntaxWords:
        return cls(frozenset(vocabulary.phrases("climb_through")), vocabulary.words("partitive_heads"),
                   vocabulary.words("object_control"))


def parse_sentences(syntax: Language, nlp: Language, sentences: list[Sentence]) -> dict[int, SentenceParse]:
    """The parse of each sentence given, by its idx: the sentence's own text tokenised by the project's
    pipeline (`nlp`, whose vocab `syntax` shares), then tagged and parsed as one sentence."""
    docs = [nlp.make_doc(s.text) for s in sentences]
    for doc in docs:
        if len(doc):
            doc[0].is_sent_start = True
            for token in doc[1:]:
                token.is_sent_start = False
    out = {}
    for sentence, doc in zip(sentences, syntax.pipe(docs)):
        out[sentence.idx] = SentenceParse(tuple(
            Word(t.idx, t.idx + len(t.text), t.text, t.lemma_.lower(), t.pos_, t.dep_.lower(), t.head.i) for t in doc))
    return out
