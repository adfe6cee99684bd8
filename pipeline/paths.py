"""Where the repository keeps what the pipeline reads and writes, found once.

Every other module takes its folders from here (or as arguments), so that a test or a
user can point the pipeline elsewhere without chasing `parent.parent` through the code.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
ANNOTATIONS = ROOT / "annotations"  # registries and rule vocabularies, edited by people
GOLD = ANNOTATIONS / "gold"  # gold labels, one JSONL file per corpus document
DEV = ANNOTATIONS / "dev"  # the development set: articles the rules were not written from
DEV_GOLD = DEV / "gold"  # their gold, each file beside the text its offsets index
RULES = ANNOTATIONS / "rules"  # the words the rules read: cue phrases, verbs, heads
MODELS = ROOT / "models"  # trained artefacts, committed
SCORER = MODELS / "claims" / "scorer.json"  # the claim scorer's weights
SYNTAX = MODELS / "syntax"  # the tagger, lemmatizer and parser trained on Universal Dependencies
CORPUS = ROOT / "corpus"
DATASETTE = ROOT / "datasette"  # templates, plugins and static files of `make serve`
