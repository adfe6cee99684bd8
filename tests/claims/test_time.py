"""Time: the `as_of` a claim speaks of, and the time a document speaks of (SPEC §4, Time)."""
from __future__ import annotations

from tests.helpers import candidates_of, claims_of, rules_extractor

ICS, CCG = "integrated care system", "clinical commissioning group"


def test_as_of_is_an_explicit_date_else_the_published_date():
    claims = claims_of("In 2013 there were 211 clinical commissioning groups. "
                       "There are 42 integrated care systems in England.", "2023-05")
    assert [(c.subject, c.as_of_start, c.as_of_end) for c in claims] == [
        (CCG, "2013-01-01", "2013-12-31"), (ICS, "2023-05-01", "2023-05-31")]


def test_a_count_now_speaks_of_the_document_time_not_of_the_earlier_year_beside_it():
    claims = claims_of("Mergers of CCGs have seen the number reduce from 211 in 2013 to 195 now.", "2020-06")
    assert [(c.value_min, c.as_of_start, c.as_of_end) for c in claims] == [
        (211, "2013-01-01", "2013-12-31"), (195, "2020-06-01", "2020-06-30")]


def test_as_of_without_published_date_is_bounded_by_the_events_reported():
    """Written no earlier than the start of what it reports as past, no later than the end of what
    it announces as future."""
    text = ("The plan was published in January 2019. ICSs will become statutory in July 2022. "
            "There are 42 integrated care systems.")
    sentences, entities, _ = candidates_of(text)
    assert rules_extractor().claims.document_as_of(None, entities, sentences) == ("2019-01-01", "2022-07-31")


def test_a_plan_reported_with_would_dates_neither_side_of_the_document():
    text = ("The strategy said that every area would have an integrated care system from April 2021. "
            "The review was published in March 2019.")
    sentences, entities, _ = candidates_of(text)
    assert rules_extractor().claims.document_as_of(None, entities, sentences) == ("2019-03-01", None)


def test_each_state_takes_the_date_nearest_its_words_and_how_the_date_is_introduced():
    claims = claims_of("Integrated care systems were voluntary in 2019 but have been statutory bodies since July 2022.",
                       "2024-02")
    assert [(c.object, c.as_of_start, c.as_of_end) for c in claims if c.predicate == "has_status"] == [
        ("statutory", "2022-07-01", "2024-02-29"), ("non_statutory", "2019-01-01", "2019-12-31")]


def test_a_state_ending_before_a_date_ends_the_day_before_and_a_past_tense_before_the_document():
    claims = claims_of("Before April 2020, clinical commissioning groups were not statutory bodies. "
                       "Integrated care systems were voluntary partnerships.", "2022-09")
    assert [(c.subject, c.as_of_start, c.as_of_end) for c in claims] == [
        (CCG, None, "2020-03-31"), (ICS, None, "2022-08-31")]
