"""Fingerprints of what decides the output, computed from file bytes alone.

A second `make` with nothing changed must cost no more than hashing: neither this module nor
anything it imports loads spaCy, scikit-learn or sqlite-utils. `pipeline_version` says whether
the database's rows are still what the code would write; `scorer_training_hash` whether the
shipped claim scorer is still what training would produce.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import paths
from .evaluation.gold import gold_files
from .registry import fingerprint, registry_files
from .settings import ExtractorSpec, stored_settings

EXTRACTION_CODE = ("records.py", "registry.py", "vocabulary.py", "settings.py", "extract.py", "text", "entities", "claims")
"""The code that turns a document into sentences, entities and claim candidates."""
STORED_CODE = EXTRACTION_CODE + ("corpus.py", "metadata.py", "ingest.py", "intervals.py", "compare", "store")
"""All the code whose output is stored: reading files, extraction, verdicts, the schema. Not the
command line, the web pages, the evaluation or the benchmarks: editing those re-processes nothing."""
TRAINING_CODE = EXTRACTION_CODE + ("corpus.py", "metadata.py", "ingest.py", "intervals.py", "evaluation/gold.py",
                                   "evaluation/metrics.py", "training")
"""What the claim scorer's training reads: its candidates, the gold matching, the training itself."""


def code_digest(digest, parts: tuple[str, ...], package: Path = paths.PACKAGE):
    """`digest` updated with the bytes of these modules and packages (every .py file under them)."""
    for part in parts:
        target = package / part
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest


def pipeline_version(spec: ExtractorSpec) -> str:
    """A hash of the code, registries, rules, settings and models that produce the stored rows."""
    digest = code_digest(hashlib.sha256(), STORED_CODE)
    digest.update(fingerprint(spec.annotations).encode())
    digest.update(stored_settings(spec.settings).encode())
    if spec.scorer is not None and spec.scorer.exists():
        digest.update(spec.scorer.read_bytes())
    return syntax_digest(digest).hexdigest()[:16]


MANIFEST = "MANIFEST.sha256"
"""The syntax model's list of its files' sha256 (`sha256sum -c` reads it too)."""


def syntax_digest(digest, model_dir: Path = paths.SYNTAX):
    """`digest` updated with the syntax model's manifest: what the parse, and so every claim, depends on."""
    manifest = model_dir / MANIFEST
    digest.update(manifest.read_bytes() if manifest.exists() else b"no syntax model")
    return digest


def model_manifest(model_dir: Path = paths.SYNTAX) -> dict[str, str]:
    """{path relative to model_dir: sha256} for every shipped file but the manifest itself."""
    return {p.relative_to(model_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(model_dir.rglob("*")) if p.is_file() and p.name != MANIFEST}


def verify_manifest(model_dir: Path = paths.SYNTAX) -> list[str]:
    """One line per problem (missing, changed or unlisted file); empty when the model is as shipped."""
    path = model_dir / MANIFEST
    if not path.exists():
        return [f"{path}: manifest missing"]
    listed = {}
    for line in path.read_text().splitlines():
        if line.strip():
            digest, name = line.split("  ", 1)
            listed[name] = digest
    actual = model_manifest(model_dir)
    problems = [f"{model_dir / name}: missing" for name in listed if name not in actual]
    problems += [f"{model_dir / name}: sha256 differs from {MANIFEST}" for name in listed
                 if name in actual and actual[name] != listed[name]]
    problems += [f"{model_dir / name}: not in {MANIFEST}" for name in actual if name not in listed]
    return problems


def scorer_training_hash(names: list[str], gold_dir: Path = paths.GOLD,
                         annotations: Path = paths.ANNOTATIONS) -> str:
    """What the claim scorer depends on: the gold it learns from, the registries and rules, the code
    that makes and matches its candidates, and its own training code and settings."""
    digest = syntax_digest(code_digest(hashlib.sha256(), TRAINING_CODE))
    for name in sorted(names):
        digest.update(name.encode() + (gold_dir / f"{name}.jsonl").read_bytes())
    for path in registry_files(annotations):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def gold_names(gold_dir: Path = paths.GOLD) -> list[str]:
    """The corpus files that have gold annotations (annotations/gold/NAME.jsonl)."""
    return sorted(gold_files(gold_dir))


def scorer_is_current(scorer: Path = paths.SCORER, gold_dir: Path = paths.GOLD) -> bool:
    """Is the shipped scorer trained on today's gold, registries and code? (No scikit-learn needed.)"""
    if not scorer.exists():
        return False
    stored = json.loads(scorer.read_text()).get("training_hash")
    return stored == scorer_training_hash(gold_names(gold_dir), gold_dir)
