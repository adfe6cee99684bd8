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
