"""The trained span tagger: spaCy NER over the six registry labels, from annotations/gold/.

Trained with `spacy train` from models/ner.cfg (fixed seed). The shipped model lives in
models/spans/ with the hash of the gold and registries it was trained on; `make` retrains
it when they change. Evaluation trains leave-one-document-out copies in models/.cache/.

At run time it adds what the rules cannot find: DUTY and CONCERN spans without a cue
phrase, and organisation names in no registry; the rules keep the normalised values.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from .cues import TRIGGERS, concern_topic, duty_key
from .gold import GOLD_DIR, annotations_digest, gold_documents
from .records import Entity, Sentence
from .registry import Registry, load_registry
from .sentences import doc_text

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
CONFIG = MODELS_DIR / "ner.cfg"
SHIPPED = MODELS_DIR / "spans"
CACHE = MODELS_DIR / ".cache"
# labels the model contributes at run time (chosen by `make eval`'s with/without figures); the rest stay with the rules
MODEL_LABELS: tuple[str, ...] = ()  # on 4 gold documents leave-one-out it added nothing (see make eval)
PRIORITY = {"DUTY": 0, "CONCERN": 0, "POLICY": 1, "BODY": 2, "DATE": 3, "POPULATION": 4}


def training_hash(names: list[str], gold_dir: Path = GOLD_DIR) -> str:
    """What a model depends on: the gold files it learns from, the registries and the config."""
    return annotations_digest(hashlib.sha256(CONFIG.read_bytes()), names, gold_dir).hexdigest()[:16]


def _non_overlapping(entities: list[dict]) -> list[dict]:
    """NER cannot nest: keep duties and concerns, then names, then dates and figures."""
    kept: list[dict] = []
    for e in sorted(entities, key=lambda e: (PRIORITY[e["label"]], e["start"])):
        if all(e["end"] <= k["start"] or k["end"] <= e["start"] for k in kept):
            kept.append(e)
    return kept


def training_docs(names: list[str], gold_dir: Path = GOLD_DIR) -> list[Doc]:
    """One spaCy Doc per gold sentence, entities as character spans snapped to tokens."""
    nlp = spacy.blank("en")
    docs = []
    for name, gold in gold_documents(gold_dir).items():
        if name not in names:
            continue
        text = gold["text"]
        for start, end in gold["sentences"]:
            doc = nlp.make_doc(text[start:end])
            spans = []
            inside = [e for e in gold["entities"] if start <= e["start"] and e["end"] <= end]
            for e in _non_overlapping(inside):
                span = doc.char_span(e["start"] - start, e["end"] - start, label=e["label"], alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            try:
                doc.ents = spacy.util.filter_spans(spans)
            except ValueError:
                continue
            docs.append(doc)
    return docs


def registry_label_data() -> dict:
    """The NER's label data for exactly the registry's labels, in the shape `spacy init labels` writes."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in sorted(load_registry().labels):
        ner.add_label(label)
    nlp.initialize()  # completes the transition table (the "O", "B-", "I-"... moves)
    return ner.label_data


def train(names: list[str], output: Path, gold_dir: Path = GOLD_DIR, quiet: bool = True) -> Path:
    """Train on the gold documents `names` with `spacy train`; the model goes to `output`."""
    docs = training_docs(names, gold_dir)
    with tempfile.TemporaryDirectory(prefix="policy-claims-train-") as tmp:
        train_path = Path(tmp) / "train.spacy"
        DocBin(docs=docs).to_disk(train_path)
        labels_path = Path(tmp) / "labels.json"  # the registry's labels, whether or not the gold has each
        labels_path.write_text(json.dumps(registry_label_data()))
        # no document is held out for model selection: the fixed schedule in the config decides
        command = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(Path(tmp) / "out"),
                   "--paths.train", str(train_path), "--paths.dev", str(train_path),
                   "--paths.ner_labels", str(labels_path)]
        result = subprocess.run(command, capture_output=quiet, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"spacy train failed:\n{(result.stderr or '')[-2000:]}")
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(Path(tmp) / "out" / "model-last", output)
    (output / "training.json").write_text(json.dumps({
        "training_hash": training_hash(names, gold_dir), "documents": sorted(names),
        "sentences": len(docs), "config": CONFIG.name}, indent=2))
    return output


def is_current(model_dir: Path, names: list[str], gold_dir: Path = GOLD_DIR) -> bool:
    info = model_dir / "training.json"
    return info.exists() and json.loads(info.read_text())["training_hash"] == training_hash(names, gold_dir)


def train_shipped(force: bool = False, gold_dir: Path = GOLD_DIR) -> str:
    """Train models/spans/ on every gold document if missing or out of date; say what happened."""
    names = sorted(gold_documents(gold_dir))
    if not names:
        return "no gold annotations under annotations/gold/: the span tagger is not trained; rules only"
    if not force and is_current(SHIPPED, names, gold_dir):
        return f"span tagger up to date ({len(names)} gold documents)"
    train(names, SHIPPED, gold_dir)
    return f"span tagger trained on {len(names)} gold documents into {SHIPPED}"


class SpanModel:
    """A loaded span tagger and how its spans join the rules' entities."""

    def __init__(self, path: Path, merge_labels: tuple[str, ...] = MODEL_LABELS):
        self.path = path
        self.nlp = spacy.load(path)
        self.merge_labels = merge_labels

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.nlp.get_pipe("ner").labels)

    def predict(self, text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in self.nlp(text).ents]

    def merge(self, doc: Doc, sentences: list[Sentence], entities: list[Entity], registry: Registry) -> list[Entity]:
        """Add the model's DUTY and CONCERN spans that no rule span of the same label overlaps."""
        if not self.merge_labels:
            return entities
        out = list(entities)
        text = doc_text(doc)
        by_label = {label: [e for e in entities if e.label == label] for label in self.merge_labels}
        # only sentences with an obligation or worry word can yield a span we keep: tag those alone
        candidates = [s for s in sentences if TRIGGERS.search(s.text)]
        for sentence, predicted in zip(candidates, self.nlp.pipe([s.text for s in candidates], batch_size=256)):
            for ent in predicted.ents:
                if ent.label_ not in self.merge_labels:
                    continue
                start, end = sentence.start_char + ent.start_char, sentence.start_char + ent.end_char
                span_text = text[start:end]
                if any(start < e.end_char and e.start_char < end for e in by_label[ent.label_]):
                    continue
                if not TRIGGERS.search(span_text) or len(span_text.split()) < 2:
                    continue  # a duty or concern without any obligation or worry word is the model guessing
                canonical = (duty_key(span_text, registry) if ent.label_ == "DUTY"
                             else concern_topic(span_text, sentence.text, registry))
                out.append(Entity(ent.label_, start, end, span_text, sentence.idx, canonical=canonical,
                                  source="ner_model", confidence=0.6))
        return out


@lru_cache(maxsize=8)
def load_model(path: str) -> SpanModel | None:
    return SpanModel(Path(path)) if (Path(path) / "config.cfg").exists() else None


def shipped_model() -> SpanModel | None:
    """The model `make` trained, or None when there is none yet (rules only)."""
    return load_model(str(SHIPPED))


def load_span_model_for(training_names: list[str], gold_dir: Path = GOLD_DIR,
                        merge_labels: tuple[str, ...] = MODEL_LABELS) -> SpanModel | None:
    """A model trained on exactly these gold documents (leave-one-out), cached in models/.cache/;
    `merge_labels` lets `make eval` measure what the tagger would add beyond MODEL_LABELS."""
    if not training_names:
        return None
    path = CACHE / training_hash(training_names, gold_dir)
    if not is_current(path, training_names, gold_dir):
        train(training_names, path, gold_dir)
    return SpanModel(path, merge_labels=merge_labels)


def main() -> int:
    print(train_shipped(force="--force" in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
