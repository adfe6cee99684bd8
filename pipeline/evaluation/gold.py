"""Gold annotations: the per-document JSONL under annotations/gold/, read as flat lists, and the
documents they annotate as the pipeline reads them from corpus/."""
from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from ..ingest import discover, normalise_newlines, read_document
from ..records import IngestedDocument

GOLD_DIR = paths.GOLD


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


def gold_documents(directory: Path = GOLD_DIR, corpus: Path | None = None) -> dict[str, dict]:
    """Each gold document as flat lists: text, sentence spans, entities, claims (with their sentence span)."""
    corpus = corpus or paths.CORPUS
    out = {}
    for name, path in gold_files(directory).items():
        text = normalise_newlines((corpus / name).read_bytes().decode("utf-8-sig"))
        sentences = read_gold(path)
        out[name] = {
            "text": text,
            "sentences": [(s["start"], s["end"]) for s in sentences],
            "entities": [e for s in sentences for e in s.get("entities", [])],
            "claims": [{**c, "span": (s["start"], s["end"]), "document": name}
                       for s in sentences for c in s.get("claims", [])],
        }
    return out


def corpus_document(name: str, corpus: Path = paths.CORPUS) -> IngestedDocument | None:
    """The gold document `name` as the pipeline reads it from corpus/ (text and metadata), or None."""
    source = next((s for s in discover(corpus) if s.path == name), None)
    return read_document(corpus, source) if source else None
