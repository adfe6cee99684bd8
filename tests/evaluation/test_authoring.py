"""Gold written by surface text: offsets found, ids given, references resolved, mistakes named."""
from __future__ import annotations

import json

import pytest

from pipeline.evaluation.authoring import AuthoringError, build

TEXT = ("Regional boards\n\nThe Wessex Health Board took over planning from three councils in April 2024. "
        "The board must publish a plan each year.\n")
AUTHOR = """
- text: Regional boards
- text: The Wessex Health Board took over planning from three councils in April 2024.
  entities:
    - [BODY, Wessex Health Board, {canonical: Wessex Health Board}]
    - [BODY, councils, {canonical: local authority}]
    - [DATE, April 2024, {date_start: 2024-04-01, date_end: 2024-04-30, date_granularity: month}]
  claims:
    - {subject: Wessex Health Board, subject_entity: Wessex Health Board, predicate: replaces, object: local authority,
       object_entity: councils}
- text: The board must publish a plan each year.
  entities:
    - [DUTY, must publish a plan each year, {canonical: publish_annual_plan}]
  claims:
    - {subject: Wessex Health Board, predicate: has_duty, object: publish_annual_plan,
       object_text: must publish a plan each year}
"""


def test_build_resolves_offsets_and_references(tmp_path):
    (tmp_path / "boards.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "boards.yml").write_text(AUTHOR, encoding="utf-8")
    records = build(tmp_path / "boards.txt", tmp_path / "boards.yml")
    assert [r["id"] for r in records] == ["boa:s0", "boa:s1", "boa:s2"]
    board = records[1]["entities"][0]
    assert TEXT[board["start"]:board["end"]] == "Wessex Health Board"
    replaces = records[1]["claims"][0]
    assert (replaces["subject_entity"], replaces["object_entity"]) == (board["id"], records[1]["entities"][1]["id"])
    assert records[2]["claims"][0]["modality"] == "fact" and records[2]["claims"][0]["negated"] == 0
    json.dumps(records)


def test_build_names_what_it_cannot_find(tmp_path):
    (tmp_path / "boards.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "boards.yml").write_text(AUTHOR.replace("[BODY, councils,", "[BODY, parishes,"), encoding="utf-8")
    with pytest.raises(AuthoringError, match="parishes"):
        build(tmp_path / "boards.txt", tmp_path / "boards.yml")
