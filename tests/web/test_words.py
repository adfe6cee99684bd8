"""Words for keys: the display registry read as a reader would, and the escaping helpers."""
from __future__ import annotations

import pytest

from pipeline.registry import load_registry
from pipeline.web.render import marked_html, safe_url
from pipeline.web.words import load_words, number

WORDS = load_words()


@pytest.mark.parametrize("claim,said", [
    ({"subject": "NHS Long Term Plan", "predicate": "dated", "event": "published", "date_start": "2019-01-01",
      "date_end": "2019-01-31", "date_granularity": "month", "modality": "fact"},
     "NHS Long Term Plan: publication, January 2019"),
    ({"subject": "integrated care system", "predicate": "has_count", "value_min": 42.0, "value_max": 42.0},
     "There are 42 integrated care systems"),
    ({"subject": "primary care network", "predicate": "has_population", "value_min": 30000.0, "value_max": 50000.0},
     "One primary care network covers 30,000 to 50,000 people"),
    ({"subject": "integrated care system", "predicate": "has_population", "value_min": 1000000.0, "value_max": None},
     "One integrated care system covers over 1,000,000 people"),
    ({"subject": "integrated care board", "predicate": "has_duty", "object": "plan_and_fund_services", "modality": "plan"},
     "Planned: integrated care board has a duty to plan and fund NHS services for a population"),
    ({"subject": "integrated care board", "predicate": "has_duty", "object": "an_unlisted_duty", "negated": 1},
     "Integrated care board has no duty to an unlisted duty"),
    ({"subject": None, "predicate": "raises_concern", "object": "local_voice", "holder": "campaigners"},
     "A concern: local voice (raised by campaigners)"),
    ({"subject": "integrated care board", "predicate": "raises_concern", "object": "funding"},
     "A concern about integrated care board: funding"),
    ({"subject": "integrated care partnership", "predicate": "has_status", "object": "non_statutory"},
     "Integrated care partnership is non-statutory"),
    ({"subject": "integrated care system", "predicate": "has_status", "object": "statutory", "negated": 1},
     "Integrated care system is not statutory"),
    ({"subject": "NHS England", "predicate": "merges_with", "object": "NHS Improvement", "modality": "proposal"},
     "Proposed: NHS England merges with NHS Improvement"),
])
def test_a_claim_reads_as_one_line(claim, said):
    assert WORDS.claim(claim) == said


def test_every_registered_key_has_words():
    registry = load_registry()
    assert set(registry.duties) == set(WORDS.duties)
    assert set(registry.concerns) <= set(WORDS.concerns)
    assert set(registry.statuses) == set(WORDS.statuses)
    assert set(registry.events) == set(WORDS.events)
    assert set(registry.predicates) == set(WORDS.predicates)
    assert set(registry.modalities) == set(WORDS.modalities)
    for predicate, entry in WORDS.predicates.items():
        assert {"phrase", "claim", "negated"} <= set(entry), predicate


def test_values_alone():
    assert WORDS.value({"predicate": "has_status", "object": "statutory", "negated": 1}) == "not statutory"
    assert WORDS.value({"predicate": "has_count", "value_min": 42.0, "value_max": 42.0}) == "42"
    assert WORDS.value({"predicate": "dated", "date_start": "2022-07-01", "date_end": "2022-07-01",
                        "date_granularity": "day"}) == "1 July 2022"


@pytest.mark.parametrize("typed,names", [
    ("Clinical Commissioning Groups", ["clinical commissioning group"]), ("CCGs", ["clinical commissioning group"]),
    ("integrated care boards", ["integrated care board"]), ("the ICB's", ["integrated care board"]),
    ("  NHS   england ", ["NHS England"]), ("ICP", ["integrated care partnership", "integrated care provider"]),
    ("no such body", []),
])
def test_names_in_any_form(typed, names):
    assert sorted(WORDS.canonical_names(typed)) == sorted(names)


@pytest.mark.parametrize("value,shown", [(500000.0, "500,000"), (42, "42"), (0.75, "0.75"), (None, ""), ("x", "x")])
def test_numbers(value, shown):
    assert number(value) == shown


def test_marked_html_escapes_all_but_its_marks():
    html = marked_html("a <b>\ue000statutory\ue001</b> & <script>", "\ue000", "\ue001")
    assert str(html) == 'a &lt;b&gt;<mark class="hit">statutory</mark>&lt;/b&gt; &amp; &lt;script&gt;'


@pytest.mark.parametrize("url,kept", [("https://example.org/a?b=1", True), ("http://x.y", True),
                                      ("javascript:alert(1)", False), ("data:text/html,x", False),
                                      ("https://x.y/a b", False), (None, False)])
def test_only_web_addresses_become_links(url, kept):
    assert (safe_url(url) is not None) == kept
