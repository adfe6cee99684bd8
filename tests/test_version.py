"""Fingerprints: what re-processes the corpus or retrains the scorer, and what a second `make`
with nothing changed costs (no spaCy, scikit-learn or sqlite-utils imported)."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

from pipeline import paths
from pipeline.run import run
from pipeline.version import STORED_CODE, code_digest, gold_names, scorer_training_hash


def test_editing_code_whose_output_is_not_stored_changes_nothing(tmp_path):
    package = tmp_path / "pipeline"
    shutil.copytree(paths.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))

    def version() -> str:
        return code_digest(hashlib.sha256(), STORED_CODE, package).hexdigest()

    before = version()
    for path in ("tools/bench.py", "web/serve.py", "cli.py", "evaluation/report.py"):
        (package / path).write_text((package / path).read_text() + "\n# edited\n")
    assert version() == before
    (package / "claims/rules/dated.py").write_text((package / "claims/rules/dated.py").read_text() + "\n# edited\n")
    assert version() != before


HEAVY = "import sys; {code}; print(sorted(m for m in ('spacy', 'sklearn', 'sqlite_utils') if m in sys.modules))"


def imported_by(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", HEAVY.format(code=code)], cwd=paths.ROOT, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1].replace("'", '"'))


def test_a_current_scorer_is_checked_without_spacy_or_scikit_learn(tmp_path):
    scorer = tmp_path / "scorer.json"
    scorer.write_text(json.dumps({"training_hash": scorer_training_hash(gold_names())}))
    assert imported_by(f"from pipeline.training.shipped import train_shipped; "
                       f"print(train_shipped(target=__import__('pathlib').Path({str(scorer)!r})))") == []


def test_a_run_with_nothing_to_do_imports_neither_spacy_nor_sqlite_utils(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text("There are 42 integrated care systems in England.\n", encoding="utf-8")
    run(corpus, db)
    assert imported_by(f"from pipeline.run import run; s = run({str(corpus)!r}, {str(db)!r}); "
                       f"assert not s.wrote_database and s.unchanged == ['a.txt']") == []
