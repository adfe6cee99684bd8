"""Temporal verdicts end to end: every case of tests/cases/verdicts/*.yml is a few short documents
(with their published dates, or none), run through the real pipeline into a fresh database; the
comparison the case names must carry the expected verdict and a reason holding the expected words.

The cases are data so that an annotator can add one without Python; each case:

    - name: a unique name
      documents:                        # one file each, in order (doc1.txt, doc2.txt ...)
        - {published: 2021-04, text: "..."}    # published: ISO date or year-month, or left out
        - {text: "..."}
      expect: {predicate: has_status, subject: integrated care system, verdict: changed, reason: "..."}
      within_document: false            # true: the pair is inside one document

`expect` may also name `subject`, `event`, `object`, and `between: [n, m]` the two documents (by
their place in the list, the first is 1); exactly one comparison must match it.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml

from pipeline.run import run

CASES_DIR = Path(__file__).resolve().parent.parent / "cases" / "verdicts"
KEY_FIELDS = ("predicate", "subject", "event", "object")


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        cases += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "tests/cases/verdicts: case names must be unique"
    return cases


CASES = load_cases()


def _in_process(fn, items):
    """Documents processed here, one extractor kept for all cases (as a pool worker keeps it)."""
    return map(fn, items)


def run_case(case: dict, folder: Path) -> sqlite3.Connection:
    """The case's documents as a corpus (published dates in sidecars), run into a fresh database."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for n, document in enumerate(case["documents"], start=1):
        (corpus / f"doc{n}.txt").write_text(f"Document {n}\n\n{document['text']}\n", encoding="utf-8")
        if document.get("published"):
            (corpus / f"doc{n}.meta.json").write_text(json.dumps({"published": str(document["published"])}))
    summary = run(corpus, folder / "claims.db", mapper=_in_process)
    assert summary.exit_code == 0, summary.failed
    conn = sqlite3.connect(folder / "claims.db")
    conn.row_factory = sqlite3.Row
    return conn


def matching(conn: sqlite3.Connection, expect: dict, within: bool) -> list[sqlite3.Row]:
    view = "comparisons_within_document" if within else "comparisons"
    fields = [f for f in KEY_FIELDS if f in expect]
    where, params = [f"c.{f} = ?" for f in fields], [expect[f] for f in fields]
    if "between" in expect:
        where.append("((da.path = ? AND db.path = ?) OR (da.path = ? AND db.path = ?))")
        first, second = (f"doc{n}.txt" for n in expect["between"])
        params += [first, second, second, first]
    return conn.execute(f"SELECT c.verdict, c.reason FROM {view} c JOIN documents da ON da.id = c.document_a "
                        f"JOIN documents db ON db.id = c.document_b WHERE {' AND '.join(where) or '1'}", params).fetchall()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, tmp_path):
    conn = run_case(case, tmp_path)
    expect = case["expect"]
    found = [tuple(r) for r in matching(conn, expect, case.get("within_document", False))]
    assert len(found) == 1, f"expected one comparison matching {expect}, found {found}"
    verdict, reason = found[0]
    assert verdict == expect["verdict"], reason
    assert expect["reason"] in reason


def test_the_cases_cover_the_temporal_kinds():
    """At least 40 cases; every verdict of SPEC §5 and the within-document view among them."""
    assert len(CASES) >= 40
    assert {c["expect"]["verdict"] for c in CASES} == {"agree", "compatible", "changed", "differ", "contradict"}
    assert any(c.get("within_document") for c in CASES)


def test_every_case_names_its_fields_correctly():
    for case in CASES:
        assert set(case) <= {"name", "documents", "expect", "within_document", "covers"}, case["name"]
        assert set(case["expect"]) <= {*KEY_FIELDS, "between", "verdict", "reason"}, case["name"]
        assert {"predicate", "verdict", "reason"} <= set(case["expect"]), case["name"]
        for document in case["documents"]:
            assert set(document) <= {"text", "published"}, case["name"]
