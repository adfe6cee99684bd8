"""Entity tagging: normalisation as (text, expected) pairs, properties, registry behaviour."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.dates import find_dates, normalise_date
from pipeline.entities.populations import find_populations, normalise_population
from pipeline.registry import load_registry
from pipeline.extract import Extractor

from .helpers import rules_extractor, tag


@pytest.mark.parametrize("text,expected", [
    ("11 February 2021", ("2021-02-11", "2021-02-11", "day")),
    ("1 July 2022", ("2022-07-01", "2022-07-01", "day")),
    ("September 7, 2021", ("2021-09-07", "2021-09-07", "day")),
    ("07/09/2021", ("2021-09-07", "2021-09-07", "day")),  # UK order: day first
    ("April 2021", ("2021-04-01", "2021-04-30", "month")),
    ("February 2020", ("2020-02-01", "2020-02-29", "month")),
    ("summer 2023", ("2023-06-01", "2023-08-31", "season")),
    ("winter 2021", ("2021-12-01", "2022-02-28", "season")),
    ("early 2021", ("2021-01-01", "2021-04-30", "range")),
    ("late 2021", ("2021-09-01", "2021-12-31", "range")),
    ("end of 2022", ("2022-10-01", "2022-12-31", "range")),
    ("late January 2018", ("2018-01-21", "2018-01-31", "range")),
    ("Q3 2022", ("2022-07-01", "2022-09-30", "quarter")),
    ("third quarter of 2022", ("2022-07-01", "2022-09-30", "quarter")),
    ("2016", ("2016-01-01", "2016-12-31", "year")),
    ("2022-23", ("2022-04-01", "2023-03-31", "financial_year")),
    ("2022/23", ("2022-04-01", "2023-03-31", "financial_year")),
    ("between 2019 and 2021", ("2019-01-01", "2021-12-31", "range")),
    ("from April 2021 to March 2022", ("2021-04-01", "2022-03-31", "range")),
    ("early 1990s", ("1990-01-01", "1993-12-31", "range")),
    ("by April 2021", ("2021-04-01", "2021-04-30", "month")),
])
def test_date_normalisation(text, expected):
    assert normalise_date(text).iso() == expected


@pytest.mark.parametrize("text,expected", [
    ("the deadline is by April 2021 for all", ["April 2021"]),
    ("Originally scheduled for implementation in April 2022, ICSs will become statutory bodies from 1 July 2022.",
     ["April 2022", "1 July 2022"]),
    ("it lasted six years and cost £2019m for 2,020 people", []),
    ("a balanced financial plan for 2022-23", ["2022-23"]),
    ("On 26 November, NHS England published", ["26 November"]),
])
def test_date_spans(text, expected):
    assert [d.text for d in find_dates(text)] == expected


def test_yearless_date_is_never_filled_from_today():
    (span,) = find_dates("On 26 November, NHS England published")
    assert span.value.start is None and span.value.granularity == "day"
    assert find_dates("On 26 November, NHS England published", default_year=2020)[0].value.iso()[0] == "2020-11-26"


def test_yearless_date_takes_the_year_of_the_previous_sentence():
    dates = [e for e in tag("In September 2021 the minister agreed. This was confirmed on September 7.") if e.label == "DATE"]
    assert [(d.text, d.date_start) for d in dates] == [("September 2021", "2021-09-01"), ("September 7", "2021-09-07")]


def test_yearless_date_takes_the_published_year():
    dates = [e for e in tag("On 26 November, NHS England published a plan.", published="2020-12") if e.label == "DATE"]
    assert dates[0].date_start == "2020-11-26"


@pytest.mark.parametrize("text,expected", [
    ("around 1-3 million people", (1_000_000, 3_000_000)),
    ("30-50,000", (30_000, 50_000)),
    ("500,000 to 3 million", (500_000, 3_000_000)),
    ("over 1 million", (1_000_000, None)),
    ("up to 50,000", (None, 50_000)),
    ("between 250,000 and 500,000", (250_000, 500_000)),
    ("around 30,000 to 50,000 people", (30_000, 50_000)),
    ("2022-23", None),
])
def test_population_normalisation(text, expected):
    assert normalise_population(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("covering populations of around 30-50,000.", [("around 30-50,000", 30_000, 50_000)]),
    ("a defined area (of around 1-3 million people)", [("around 1-3 million people", 1_000_000, 3_000_000)]),
    ("networks serving populations of between 250,000 and 500,000", [("between 250,000 and 500,000", 250_000, 500_000)]),
    ("five systems submitted deficits of around £100m for 2022-23", []),
    ("There are 42 integrated care systems", []),
])
def test_population_spans(text, expected):
    assert [(p.text, p.pop_min, p.pop_max) for p in find_populations(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_date_normaliser_never_raises_and_orders_its_interval(text):
    value = normalise_date(text)
    if value is not None and value.start is not None:
        assert value.start <= value.end
    for span in find_dates(text):
        if span.value.start:
            assert span.value.start <= span.value.end


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.- tomillionaround peopleupover", max_size=40))
def test_population_normaliser_never_raises_and_orders_its_range(text):
    value = normalise_population(text)
    if value is not None and None not in value:
        assert value[0] <= value[1]
    for span in find_populations(text):
        if span.pop_min is not None and span.pop_max is not None:
            assert span.pop_min <= span.pop_max


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
    from pipeline import registry as registry_module

    annotations = tmp_path / "annotations"
    shutil.copytree(registry_module.ANNOTATIONS_DIR, annotations, ignore=shutil.ignore_patterns("gold", "second_pass"))
    text = "The Wessex Health Board agreed its plan."
    assert not [e for e in tag(text) if e.label == "BODY" and e.canonical == "Wessex health board"]
    with open(annotations / "bodies.yml", "a", encoding="utf-8") as f:
        f.write("\nWessex health board:\n  kind: organisation\n  aliases: [Wessex Health Board]\n")
    found = tag(text, extractor=Extractor(load_registry(annotations)))
    assert ("Wessex Health Board", "Wessex health board") in canon(found, "BODY")


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


def test_every_entity_has_source_and_confidence():
    for e in tag("There are 42 integrated care systems covering 1-3 million people since April 2021."):
        assert e.source and 0 < e.confidence <= 1

