"""BODY and POLICY names: registry aliases, acronyms, senses, unregistered organisations."""
from __future__ import annotations

import shutil

import pytest

from pipeline import paths
from pipeline.extract import Extractor
from pipeline.registry import load_registry
from tests.helpers import tag


def canon(entities, label):
    return [(e.text, e.canonical) for e in entities if e.label == label]


def test_registry_aliases_plurals_acronyms_and_possessives():
    found = canon(tag("Integrated care boards (ICBs) replaced CCGs. The ICB's budget and the NHS's plans grew."), "BODY")
    assert found == [("Integrated care boards", "integrated care board"), ("ICBs", "integrated care board"),
                     ("CCGs", "clinical commissioning group"), ("ICB", "integrated care board"), ("NHS", "NHS")]


def test_acronym_defined_in_the_text_is_learnt():
    found = canon(tag("Provider collaboratives (PCOLs) were formed. Each PCOL reported."), "BODY")
    assert found[1:] == [("PCOLs", "provider collaborative"), ("PCOL", "provider collaborative")]


@pytest.mark.parametrize("sentence,expected", [
    ("A statutory ICS would be led by an integrated care board (ICB) and an integrated care partnership (ICP).",
     "integrated care partnership"),
    ("An ICP generally refers to a care model run under a single contract by a single lead provider.",
     "integrated care provider"),
])
def test_icp_resolved_from_context(sentence, expected):
    assert [c for t, c in canon(tag(sentence), "BODY") if t == "ICP"] == [expected]


def test_unregistered_organisations_by_name_shape():
    found = canon(tag("The Kent and Medway Health and Care Partnership met the Royal College of Nursing."), "BODY")
    assert found == [("Kent and Medway Health and Care Partnership", "Kent and Medway Health and Care Partnership"),
                     ("Royal College of Nursing", "Royal College of Nursing")]


def test_policies_with_year_suffix_and_ampersand():
    found = canon(tag("The Health & Care Bill 2022 amended the Health and Social Care Act 2012."), "POLICY")
    assert found == [("Health & Care Bill 2022", "Health and Care Bill"),
                     ("Health and Social Care Act 2012", "Health and Social Care Act 2012")]


def test_adding_an_alias_to_the_registry_tags_a_new_body(tmp_path, monkeypatch):
    annotations = tmp_path / "annotations"
    shutil.copytree(paths.ANNOTATIONS, annotations, ignore=shutil.ignore_patterns("gold", "second_pass"))
    text = "The Wessex Health Board agreed its plan."
    assert not [e for e in tag(text) if e.label == "BODY" and e.canonical == "Wessex health board"]
    with open(annotations / "bodies.yml", "a", encoding="utf-8") as f:
        f.write("\nWessex health board:\n  kind: organisation\n  aliases: [Wessex Health Board]\n")
    found = tag(text, extractor=Extractor(load_registry(annotations)))
    assert ("Wessex Health Board", "Wessex health board") in canon(found, "BODY")
