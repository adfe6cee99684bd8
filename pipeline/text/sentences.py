"""Sentences: document text in, `Sentence` records with document offsets out.

spaCy's tokenizer supplies the tokens (its exceptions keep "e.g.", "i.e.", "Mr." whole);
the `policy_sentencizer` component decides where sentences start, because articles are
not tidy prose: headings and bullet items end without a full stop, a line break ends a
paragraph, "1." opens a numbered item rather than ending a sentence.
"""
from __future__ import annotations

import re

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..records import Sentence
from ..settings import DEFAULT

TERMINALS = {".", "!", "?", "…", "...", "?!", "!?"}
CLOSERS = set("'\"’”)]»")
BULLET_CHARS = "•●▪◦‣*-–—·"
_BULLET_PREFIX = re.compile(rf"^[ \t]*[{re.escape(BULLET_CHARS)}][ \t]+")
_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]$|^\(?[a-z][.)]$")
_WRAP_MIN_CHARS = 50
# tokens that end in a full stop without ending a sentence
ABBREVIATIONS = {"e.g.", "i.e.", "eg.", "ie.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "vs.", "prof.",
                 "cf.", "approx.", "co.", "ltd.", "inc.", "rev.", "hon.", "nos.", "para.", "fig."}
_INITIAL = re.compile(r"^[A-Z]\.$|^([A-Za-z]\.){2,}$")


def line_units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph-like unit: a line, or hard-wrapped lines joined.

    A line continues the previous one only when that one is long, has no closing
    punctuation, and this one starts in lower case and is no list item: wrapped prose,
    not a heading followed by text.
    """
    units: list[tuple[int, int]] = []
    pos = 0
    previous_line = ""
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            previous_line = ""
            continue
        continues = (
            units
            and previous_line
            and len(previous_line) >= _WRAP_MIN_CHARS
            and not previous_line.rstrip().endswith((".", "?", "!", ":", ";"))
            and stripped[0].islower()
            and not _BULLET_PREFIX.match(line)
        )
        if continues:
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
        previous_line = line
    return units


def doc_text(doc: Doc) -> str:
    """The text of a Doc, read once: spaCy rebuilds `doc.text` from its tokens on every access."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


@Language.factory("policy_sentencizer", assigns=["token.is_sent_start"])
def make_policy_sentencizer(nlp: Language, name: str):
    return policy_sentencizer


def policy_sentencizer(doc: Doc) -> Doc:
    """Mark sentence starts: at every unit (line) start and after terminal punctuation."""
    if len(doc):
        starts = sentence_starts([(t.idx, t.text, t.is_space) for t in doc], line_units(doc_text(doc)))
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


def sentence_starts(tokens: list[tuple[int, str, bool]], units: list[tuple[int, int]]) -> list[int]:
    """1 for a token that starts a sentence, -1 otherwise (spaCy's SENT_START values)."""
    unit_starts = sorted(start for start, _ in units)
    next_unit = 0
    sentence_tokens: list[str] = []  # the non-space tokens of the sentence so far
    after_terminal = False
    pending_unit = True  # a line (unit) began and no token of it has been seen yet
    starts: list[int] = []
    for idx, text, is_space in tokens:
        while next_unit < len(unit_starts) and unit_starts[next_unit] <= idx + len(text) - 1:
            next_unit += 1
            pending_unit = True
        if is_space:
            starts.append(1 if not starts else -1)
            continue
        if pending_unit:
            new_sentence = True
        elif after_terminal and text in CLOSERS:
            new_sentence = False
        else:
            new_sentence = after_terminal and not text[0].islower() and not _only_list_number(sentence_tokens)
        if new_sentence:
            sentence_tokens, pending_unit = [], False
        if new_sentence or not (after_terminal and text in CLOSERS):  # an opening quote starts afresh
            after_terminal = is_terminal(text)
        starts.append(1 if new_sentence or not starts else -1)
        sentence_tokens.append(text)
    return starts


def is_terminal(token_text: str) -> bool:
    """Does this token end a sentence? "£100m." does, "e.g." and "J." do not."""
    if token_text in TERMINALS or (len(token_text) > 1 and token_text[-1] in "?!"):
        return True
    return (len(token_text) > 1 and token_text.endswith(".") and token_text.lower() not in ABBREVIATIONS
            and not _INITIAL.match(token_text))


def _only_list_number(tokens: list[str]) -> bool:
    """True when the 'sentence' so far is just a list marker such as "1." or "(a)"."""
    joined = "".join(t for t in tokens if t not in BULLET_CHARS)
    return bool(_LIST_NUMBER.match(joined))


_PUNCTUATION_RUN = re.compile(r"(?:[^\w\s]|_){32,}|(?P<c>\S)(?P=c){31,}")


class RunSafeTokenizer:
    """spaCy's tokenizer, with each run of 32 or more punctuation characters ("=====", "[[[[", "____")
    or of one character kept whole as one token. spaCy peels prefixes and suffixes off a word one at a time and searches
    the rest again each time, so a run of n such characters costs n² (5,000 "=" took 26 s); no run
    that long is a word. Everything else is spaCy's own tokenization, and the text is unchanged."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        runs = list(_PUNCTUATION_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        docs, pos = [], 0
        for run in runs:
            if run.start() > pos:
                docs.append(self.tokenizer(text[pos:run.start()]))
            space = text[run.end():run.end() + 1] == " "
            docs.append(Doc(self.vocab, words=[run.group()], spaces=[space]))
            pos = run.end() + space
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def sentence_nlp() -> Language:
    """A blank English pipeline: tokenizer + policy_sentencizer, no statistical model. Build it once
    and pass it on (`Extractor` holds one): building costs about a tenth of a second."""
    nlp = spacy.blank("en")
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    nlp.add_pipe("policy_sentencizer")
    nlp.max_length = 50_000_000
    return nlp


def sentence_records(doc: Doc, max_chars: int = DEFAULT.max_sentence_chars) -> list[Sentence]:
    """Sentence records trimmed of surrounding whitespace and bullet markers; a sentence longer
    than `max_chars` is cut into windows (see `windows`)."""
    text = doc_text(doc)
    records: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        chunk = text[start:end]
        bullet = _BULLET_PREFIX.match(chunk)
        if bullet and end - start > bullet.end():
            start += bullet.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        for a, b in windows(text, start, end, max_chars):
            if any(ch.isalnum() for ch in text[a:b]):
                records.append(Sentence(len(records), a, b, text[a:b]))
    return records


def windows(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """[start, end) cut into spans of at most `max_chars`, each ending at a space in its second half
    where there is one: the rules read a sentence whole, so an unbounded one (a megabyte without a
    full stop) would cost its length squared."""
    spans = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = text.rfind(" ", start + max_chars // 2, limit)
        cut = cut if cut > start else limit
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


def parse(text: str, nlp: Language) -> Doc:
    """Tokenise and split a text with `nlp` (see `sentence_nlp`), keeping the text itself on the Doc
    (see `doc_text`)."""
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def split_sentences(text: str, nlp: Language) -> list[Sentence]:
    """The sentences of a document text, with offsets into that text."""
    return sentence_records(parse(text, nlp))
