"""The entity tagger as a whole: year-less dates settled from context, provenance on every span."""
from __future__ import annotations

from tests.helpers import tag


def test_yearless_date_takes_the_year_of_the_previous_sentence():
    dates = [e for e in tag("In September 2021 the minister agreed. This was confirmed on September 7.") if e.label == "DATE"]
    assert [(d.text, d.date_start) for d in dates] == [("September 2021", "2021-09-01"), ("September 7", "2021-09-07")]


def test_yearless_date_takes_the_published_year():
    dates = [e for e in tag("On 26 November, NHS England published a plan.", published="2020-12") if e.label == "DATE"]
    assert dates[0].date_start == "2020-11-26"


def test_every_entity_has_source_and_confidence():
    for e in tag("There are 42 integrated care systems covering 1-3 million people since April 2021."):
        assert e.source and 0 < e.confidence <= 1
