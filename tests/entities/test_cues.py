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


@pytest.mark.parametrize("text,expected", [
    # what is not yet settled, stated rather than asked
    ("The details of the new funding formula are yet to be confirmed.", [("yet to be confirmed", "funding")]),
    ("How the two boards will divide the work has not been made clear.", [("has not been made clear", "other")]),
    ("Councils say they still don’t have enough detail on the transfer of staff.",
     [("don’t have enough detail on the transfer of staff", "workforce")]),
    ("It is not certain whether the new board will keep its budget.",
     [("It is not certain whether the new board will keep its budget", "funding")]),
    # absence of what governance needs; harm stated as an effect; timing judged too tight
    ("The boards were created without proper scrutiny by councillors.",
     [("without proper scrutiny by councillors", "local_voice")]),
    ("The cuts could have a detrimental effect on community services.",
     [("detrimental effect on community services", "funding")]),
    ("Leaders said the timetable looks very tight.", [("timetable looks very tight", "bureaucracy")]),
    ("Trusts risk overspending their capital allocations.", [("risk overspending their capital allocations", "funding")]),
    ("The merger is causing concern among councillors.", [("causing concern", "other")]),
    ("The reforms arrive at an extremely challenging moment for councils.",
     [("extremely challenging moment for councils", "other")]),
    # words of negative judgement the VADER lexicon lacks
    ("The old structure was full of inefficiencies that slowed every decision.",
     [("inefficiencies that slowed every decision", "bureaucracy")]),
    # doubt that a reform achieves what it is for; a plain denial is no doubt
    ("Merging the two boards does not by itself improve care for patients.",
     [("does not by itself improve care for patients", "evidence")]),
    ("The new structure may not produce the savings ministers expect.",
     [("may not produce the savings ministers expect", "funding")]),
    ("Integrated care boards will not deliver services directly.", []),
    # an aim to bring back what was lost names the loss
    ("The change is meant to restore ministerial oversight of the health service.",
     [("restore ministerial oversight of the health service", "accountability")]),
    # a call for a body's voice is a worry about local input, not a duty of that body
    ("Local councils must be properly consulted before any merger goes ahead.",
     [("must be properly consulted before any merger goes ahead", "local_voice")]),
    # a strongly negative word outside a cue's span is a second worry of the same sentence
    ("Critics warned that budgets are too tight; staff describe the structure as dysfunctional and wasteful.",
     [("budgets are too tight", "funding"), ("dysfunctional and wasteful", "funding")]),
    # none: a plain description, a risk-sharing arrangement
    ("The board will manage risk sharing between partners.", []),
    ("Integrated care boards plan and pay for most hospital care.", []),
])
def test_worries_worded_outside_the_cue_verbs(text, expected):
    assert canon(tag(text), "CONCERN") == expected



def test_examples_under_a_lead_in_are_no_duties():
    text = ("The plan should cover every service the boards commission, such as:\n\n- community nursing\n"
            "- dental services\n\nThe boards must:\n\n- publish a budget\n- appoint a chair\n")
    assert [e.text for e in tag(text) if e.label == "DUTY"] == ["publish a budget", "appoint a chair"]


@pytest.mark.parametrize("text", [
    "Pensioners: what you need to know",
    "Under the cap nobody will pay more, and anyone in England will need to pay the first £20,000.",
    "Integrated care boards must (by June):",
])
def test_no_duty_for_people_in_general_or_a_bare_marker(text):
    assert [e.text for e in tag(text) if e.label == "DUTY"] == []


@pytest.mark.parametrize("text,key", [
    # every content word of a registered wording ("commission most local NHS services") is in the duty
    ("responsibility for commissioning dental, community and hospital services across the county",
     "plan_and_fund_services"),
    # "co-operate" is one word: "operating" and "operational" do not name the duty to co-operate
    ("to keep the service operating at a distance from ministers", "service_operating_distance_ministers"),
    ("must plan their move to a new operational model", "plan_new_operational_model"),
])
def test_duty_keys_by_the_words_of_a_registered_wording(text, key):
    assert rules_extractor().entities.cues.duty_key(text) == key
