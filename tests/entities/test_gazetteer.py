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
    ("Under the bill each statutory ICS gets an integrated care board (ICB) plus an integrated care partnership (ICP).",
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


def test_unregistered_policies_by_name_shape():
    found = canon(tag("Councils pooled money in the Wessex Recovery Fund under the Coastal Services Act 2019."), "POLICY")
    assert found == [("Wessex Recovery Fund", "Wessex Recovery Fund"), ("Coastal Services Act 2019", "Coastal Services Act 2019")]


def test_a_year_before_a_policy_name_stays_a_date():
    entities = tag("The 2031 Coastal Services Plan was welcomed.")
    assert canon(entities, "POLICY") == [("Coastal Services Plan", "Coastal Services Plan")]
    assert [e.text for e in entities if e.label == "DATE"] == ["2031"]


def test_an_acronym_defined_after_an_unregistered_name_is_learnt():
    found = canon(tag("The Office for Coastal Wellbeing (OCW) was set up. Later the OCW merged with others."), "BODY")
    assert found == [("Office for Coastal Wellbeing", "Office for Coastal Wellbeing"), ("OCW", "Office for Coastal Wellbeing"),
                     ("OCW", "Office for Coastal Wellbeing")]


def test_a_text_that_defines_a_registered_acronym_otherwise_is_read_its_way():
    text = "Each area wrote a Sustainability and Transformation Plan (STP) in 2016. Who signed the STP? Later STPs grew."
    assert canon(tag(text), "POLICY")[1:] == [("STP", "Sustainability and Transformation Plan")] * 2 + \
        [("STPs", "Sustainability and Transformation Plan")]
    assert canon(tag(text), "BODY") == []
    assert canon(tag("Sustainability and transformation partnerships (STPs) met. The STP chose a lead."), "BODY")[1:] == \
        [("STPs", "sustainability and transformation partnership"), ("STP", "sustainability and transformation partnership")]


def test_an_office_before_of_is_not_part_of_the_body_and_an_office_alone_is_none():
    text = ("Jo Bloggs, Chief Executive of Wessex Borough Council, and Al Smith, Accountable Officer of NHS Coastal "
            "Clinical Commissioning Group, met the Chief Executive.")
    assert canon(tag(text), "BODY") == [("Wessex Borough Council", "Wessex Borough Council"),
                                        ("NHS Coastal Clinical Commissioning Group", "NHS Coastal Clinical Commissioning Group")]


def test_a_possessive_owner_is_a_name_of_its_own():
    found = [(e.text, e.label) for e in tag("The Wessex Health Partnership’s Coastal Care Strategy and the Kent Housing "
                                            "Alliance's Homes Board were praised.") if e.label in ("BODY", "POLICY")]
    assert found == [("Wessex Health Partnership", "BODY"), ("Coastal Care Strategy", "POLICY"),
                     ("Kent Housing Alliance", "BODY"), ("Homes Board", "BODY")]


def test_short_forms_point_back_to_the_latest_name_with_their_head():
    entities = tag("The Coastal Services Act 2019 created boards. The Act gave them budgets. The Harbour Committee "
                   "met. The Committee objected, and this act was amended; the committee said so.")
    assert canon(entities, "POLICY") == [("Coastal Services Act 2019", "Coastal Services Act 2019"),
                                         ("Act", "Coastal Services Act 2019"), ("act", "Coastal Services Act 2019")]
    # a body's short form is read capitalised only: "the committee" in lower case may be any committee
    assert canon(entities, "BODY")[-2:] == [("Harbour Committee", "Harbour Committee"), ("Committee", "Harbour Committee")]


def test_compound_aliases_match_with_or_without_their_hyphen():
    found = canon(tag("The long-term plan and the Long Term Plan are one plan; so is the ten-year health plan."), "POLICY")
    assert [c for _, c in found] == ["NHS Long Term Plan", "NHS Long Term Plan", "10 Year Health Plan"]


def test_context_and_article_bound_aliases():
    gp = canon(tag("Most practices joined a primary care network; the government and the health service agreed."), "BODY")
    assert ("practices", "GP practice") in gp and ("government", "UK Government") in gp and ("health service", "NHS") in gp
    plain = canon(tag("Working practices changed, and health services improved; a health service was praised."), "BODY")
    assert plain == []  # no text about general practice; "health services" and "a health service" are no NHS


def test_a_kind_named_by_its_common_noun_only_in_a_text_about_that_kind():
    about = canon(tag("Each PCN signed up by June. The network then hired pharmacists, and STPs drew their footprints."),
                  "BODY")
    assert ("network", "primary care network") in about
    assert ("footprints", "sustainability and transformation partnership") in about
    assert canon(tag("A network of clinics shared a footprint with the hospice."), "BODY") == []


def test_a_quoted_title_with_a_policy_head_is_a_policy_and_a_quoted_phrase_without_one_is_not():
    assert canon(tag("They cited the ‘Independent review of coastal services’ and the “Care for All” pledge."), "POLICY") == \
        [("Independent review of coastal services", "Independent review of coastal services")]


def test_national_health_service_in_a_name_is_also_said_nhs():
    """A registered name spelling out "National Health Service" is found when the text says "NHS"."""
    entities = tag("Trusts were set up under the NHS Act 2006 as amended.")
    assert canon(entities, "POLICY") == [("NHS Act 2006", "National Health Service Act 2006")]


def test_a_name_made_of_registered_names_side_by_side_is_those_names():
    assert canon(tag("Members of the House of Lords Public Accounts Committee spoke."), "BODY") == [
        ("House of Lords", "House of Lords"), ("Public Accounts Committee", "Public Accounts Committee")]


def test_a_publisher_named_with_its_parent_is_the_unit_that_ends_the_name():
    from tests.helpers import rules_extractor

    extractor = rules_extractor()
    assert extractor.entities.body_named(extractor.nlp("House of Lords Public Accounts Committee")) == \
        "Public Accounts Committee"
    assert extractor.entities.body_named(extractor.nlp("Royal College of Nursing and NHS Providers")) is None


def test_a_registered_title_goes_on_over_and_capitalised_words_but_not_over_another_name():
    text = "Our Secretary of State for Health and Wellbeing spoke, and NHS England and NHS Improvement listened."
    assert canon(tag(text), "BODY") == [("Secretary of State for Health and Wellbeing", "Health Secretary"),
                                        ("NHS England", "NHS England"), ("NHS Improvement", "NHS Improvement")]
