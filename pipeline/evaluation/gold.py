"""Gold annotations: the per-document JSONL of a gold set, read as flat lists, and the documents
they annotate as the pipeline reads them.

Two sets: the seeds (annotations/gold/, documents in corpus/) and the development set
(annotations/dev/gold/, documents in annotations/dev/). Dev gold indexes the text kept beside
each gold file (`NAME.text`); when ingest reads a document differently today, the gold's offsets
are carried over (alignment.py) and the spans that no longer exist are counted as lost.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..ingest import discover, read_document
from ..records import IngestedDocument
from .alignment import OffsetMap

GOLD_DIR = paths.GOLD


@dataclass(frozen=True)
class GoldSet:
    """A named set of gold files and the folder of the documents they annotate."""

    name: str
    gold_dir: Path
    corpus: Path

    def files(self) -> dict[str, Path]:
        return gold_files(self.gold_dir)

    def comparisons(self) -> list[dict]:
        return read_comparisons(self.gold_dir)


SEEDS = GoldSet("seeds", paths.GOLD, paths.CORPUS)
DEV = GoldSet("dev", paths.DEV_GOLD, paths.DEV)


def read_gold(path: Path) -> list[dict]:
    """The sentence records of one gold file, in order."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_files(directory: Path = GOLD_DIR) -> dict[str, Path]:
    """Document file name -> gold file."""
    return {p.name[: -len(".jsonl")]: p for p in sorted(directory.glob("*.jsonl")) if p.name != "comparisons.jsonl"}


def read_comparisons(directory: Path = GOLD_DIR) -> list[dict]:
    path = directory / "comparisons.jsonl"
    return read_gold(path) if path.exists() else []


def gold_documents(gold_set: GoldSet = SEEDS) -> dict[str, dict]:
    """Each gold document as flat lists: the document as ingested, text, sentence spans, entities,
    claims (with their sentence span), and how many gold spans ingest no longer gives (`lost`)."""
    out = {}
    for name, path in gold_set.files().items():
        document = corpus_document(name, gold_set.corpus)
        if document is None or not document.ok:
            raise FileNotFoundError(f"{gold_set.corpus / name}: the document of {path} cannot be read")
        snapshot = path.with_suffix(".text")
        offsets = OffsetMap(snapshot.read_text(encoding="utf-8"), document.text) if snapshot.exists() else None
        sentences, entities, claims, lost = [], [], [], 0
        for sentence in read_gold(path):
            span = _carried(sentence, offsets)
            if span is None:
                lost += 1 + len(sentence.get("entities", [])) + len(sentence.get("claims", []))
                continue
            sentences.append(span)
            for entity in sentence.get("entities", []):
                carried = _carried(entity, offsets)
                if carried is None:
                    lost += 1
                else:
                    entities.append({**entity, "start": carried[0], "end": carried[1]})
            claims += [{**c, "span": span, "document": name} for c in sentence.get("claims", [])]
        out[name] = {"document": document, "text": document.text, "sentences": sentences, "entities": entities,
                     "claims": claims, "lost": lost}
    return out


def _carried(record: dict, offsets: OffsetMap | None) -> tuple[int, int] | None:
    return (record["start"], record["end"]) if offsets is None else offsets.span(record["start"], record["end"])


def corpus_document(name: str, corpus: Path = paths.CORPUS) -> IngestedDocument | None:
    """The gold document `name` as the pipeline reads it from its folder (text and metadata), or None."""
    source = next((s for s in discover(corpus) if s.path == name), None)
    return read_document(corpus, source) if source else None
