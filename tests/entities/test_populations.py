"""Population sizes: normalisation, spans, and properties over any text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.populations import find_populations, normalise_population


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
@given(st.text(alphabet="0123456789,.- tomillionaround peopleupover", max_size=40))
def test_population_normaliser_never_raises_and_orders_its_range(text):
    value = normalise_population(text)
    if value is not None and None not in value:
        assert value[0] <= value[1]
    for span in find_populations(text):
        if span.pop_min is not None and span.pop_max is not None:
            assert span.pop_min <= span.pop_max
