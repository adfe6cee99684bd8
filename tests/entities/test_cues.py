"""DUTY and CONCERN spans from cue phrases, with their duty keys and concern topics."""
from __future__ import annotations

import pytest

from tests.entities.test_gazetteer import canon
from tests.helpers import rules_extractor, tag


def test_concern_and_duty_cues_with_keys():
    entities = tag("The ICS NHS body will be responsible for the day to day running of the ICS. "
                   "Some GPs fear a loss of autonomy.")
    assert canon(entities, "DUTY") == [("responsible for the day to day running of the ICS", "run_the_system")]
    assert canon(entities, "CONCERN") == [("fear a loss of autonomy", "autonomy")]


@pytest.mark.parametrize("text,expected", [
    ("Several of the new boards were already in deficit when they launched.",
     [("already in deficit when they launched", "funding")]),
    ("The merger caused months of disruption across the region.", [("disruption across the region", "bureaucracy")]),
    ("Campaigners said the new contract breaches the 2012 Act.", [("breaches the 2012 Act", "legal")]),
    ("It is eight years since the last big reorganisation, which has been widely criticised.",
     [("has been widely criticised", "bureaucracy")]),
    ("The court did not find anything unlawful in the payment mechanism.", []),
    ("The main legal challenges to the new contract were these:", []),
    ("Many trusts will have difficulty meeting a shared control total.",
     [("difficulty meeting a shared control total", "funding")]),
])
def test_problem_words_name_concerns_unless_denied(text, expected):
    assert canon(tag(text), "CONCERN") == expected


def test_an_acronym_cue_is_never_the_pronoun():
    cues = rules_extractor().entities.cues
    assert cues.concern_topic("has been widely criticised", "It is the third reorganisation, and it has been widely "
                              "criticised.") == "bureaucracy"
    assert cues.concern_topic("shared IT systems remain incompatible", "Shared IT systems remain incompatible.") == "data_digital"
