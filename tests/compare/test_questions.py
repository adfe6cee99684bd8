"""Questions: each comparison key read as a question, and a question's status from its pairs."""
from __future__ import annotations

import pytest

from pipeline.compare.questions import question_label, question_status
from tests.compare.claims import KINDS

ICS, ICB, CCG = "integrated care system", "integrated care board", "clinical commissioning group"


@pytest.mark.parametrize("key,label", [
    ({"subject": "NHS Long Term Plan", "predicate": "dated", "event": "published"},
     "When was the NHS Long Term Plan published?"),
    ({"subject": ICB, "predicate": "dated", "event": "effective"}, "When did integrated care boards take effect?"),
    ({"subject": CCG, "predicate": "dated", "event": "abolished"}, "When were clinical commissioning groups abolished?"),
    ({"subject": "NHS England", "predicate": "dated", "event": "abolished"}, "When was NHS England abolished?"),
    ({"subject": ICS, "predicate": "has_status"}, "Is an integrated care system statutory?"),
    ({"subject": "NHS body", "predicate": "has_status"}, "Is an NHS body statutory?"),
    ({"subject": ICB, "predicate": "has_count"}, "How many integrated care boards are there?"),
    ({"subject": "primary care network", "predicate": "has_population"},
     "How many people does a primary care network cover?"),
    ({"subject": ICB, "predicate": "replaces", "object": CCG},
     "Does an integrated care board replace the clinical commissioning group?"),
    ({"subject": ICB, "predicate": "part_of", "object": ICS}, "Is an integrated care board part of an integrated care system?"),
    ({"subject": ICB, "predicate": "accountable_to", "object": "NHS England"},
     "Is an integrated care board accountable to NHS England?"),
    ({"subject": "NHS England", "predicate": "merges_with", "object": "NHS Improvement"},
     "Do NHS England and NHS Improvement merge?"),
    ({"subject": ICB, "predicate": "has_duty", "object": "break_even"}, "Who has the duty to break even?"),
    ({"subject": ICB, "predicate": "has_duty", "object": "a_duty_no_registry_knows"},
     "Who has the duty 'a duty no registry knows'?"),
    ({"subject": ICS, "predicate": "raises_concern", "object": "local_voice"},
     "Is a concern raised about integrated care systems (local voice)?"),
])
def test_a_key_reads_as_a_question(key, label):
    assert question_label(key, KINDS.question_words) == label


def test_a_status_is_that_of_the_strongest_verdict():
    assert question_status(["agree", "changed", "contradict"]) == "disputed"
    assert question_status(["differ", "changed", "compatible"]) == "changed"
    assert question_status(["agree", "differ"]) == "differ"
    assert question_status(["agree", "compatible"]) == question_status([]) == "consensus"
