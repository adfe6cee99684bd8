"""Plain records passed between stages: no spaCy objects, straight to JSON and SQLite.

Offsets are Python string offsets into the document text, so
`text[start_char:end_char]` is always the record's `text`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SourceFile:
    """One file found in the corpus, before it is read."""

    path: str  # relative to the corpus folder, with forward slashes
    sha256: str | None  # of the file's bytes; None for a file not read
    size: int
    key: str = ""  # what change detection compares: bytes, sidecar bytes, size limit (pipeline/corpus.py)
    sidecar: str | None = None  # the metadata sidecar's path, relative to the corpus folder
    problem: str | None = None  # why the file is not read (outside the corpus, a pipe, too large...)
    stat: str | None = None  # size, times and inode of the file and its sidecar when read (corpus.Known)


@dataclass(frozen=True)
class IngestedDocument:
    """A file read into text and metadata, or the one-line reason it could not be."""

    path: str
    sha256: str  # of the text when ok, of the bytes when the file failed
    text: str = ""
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    format: str | None = None
    encoding: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Sentence:
    idx: int
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A tagged span with its normalised value (SPEC §3)."""

    label: str
    start_char: int
    end_char: int
    text: str
    sentence_idx: int
    canonical: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None
    pop_min: int | None = None
    pop_max: int | None = None
    source: str = "rules"
    confidence: float = 1.0


@dataclass(frozen=True, kw_only=True)
class Statement:
    """What a claim says (SPEC §4), without where and how it is said; subject and object are canonical names."""

    subject: str | None
    predicate: str
    event: str | None = None
    object: str | None = None
    object_text: str | None = None
    holder: str | None = None
    value_min: float | None = None
    value_max: float | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None


@dataclass(frozen=True, kw_only=True)
class Claim(Statement):
    """One statement of a document with its sentence and qualifiers (SPEC §4)."""

    sentence_idx: int
    modality: str = "fact"
    negated: int = 0
    as_of_start: str | None = None
    as_of_end: str | None = None
    confidence: float = 1.0
    source: str = "rules"


@dataclass
class ProcessedDocument:
    """Everything the pipeline extracts from one document; what the store writes."""

    document: IngestedDocument
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
