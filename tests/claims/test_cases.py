"""Claims: every case of tests/cases/*.yml, a text and the whole claims the rules should find in it.

The cases are data so that an annotator can add one without Python (see the header of
tests/cases/claims.yml); each compares whole claim tuples, qualifiers included.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import claims_of

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
FIELDS = ("subject", "predicate", "date_start", "modality", "negated", "holder")


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append({**case, "file": path.name})
    names = [c["name"] for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"tests/cases: case names must be unique: {duplicates}"
    return cases


def as_tuple(claim) -> tuple:
    """A claim (a record, or an expectation from YAML) as the tuple compared."""
    if isinstance(claim, dict):
        value = claim.get("value")
        what = tuple(value) if value is not None else claim.get("event") or claim.get("object")
        return (claim["subject"], claim["predicate"], what, claim.get("date_start"), claim.get("modality", "fact"),
                claim.get("negated", 0), claim.get("holder"))
    what = claim.event or claim.object or (claim.value_min, claim.value_max)
    return (claim.subject, claim.predicate, what, claim.date_start, claim.modality, claim.negated, claim.holder)


CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    claims = claims_of(case["text"], case.get("published"), title=case.get("title"), publisher=case.get("publisher"))
    assert [as_tuple(c) for c in claims] == [as_tuple(c) for c in case["claims"]]


def test_every_case_names_its_fields_correctly():
    """A misspelt key would silently default: every claim's keys are among those compared."""
    allowed = set(FIELDS) | {"event", "object", "value"}
    for case in CASES:
        assert set(case) <= {"name", "text", "published", "title", "publisher", "claims", "file"}, case["name"]
        for claim in case["claims"]:
            assert set(claim) <= allowed and {"subject", "predicate"} <= set(claim), (case["name"], claim)
