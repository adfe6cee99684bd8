"""Claim records for the comparison tests, and the verdict functions with the shipped registry's body kinds."""
from __future__ import annotations

from pipeline.compare.grouping import compare_claims as _compare_claims
from pipeline.compare.verdicts import BodyKinds
from pipeline.compare.verdicts import verdict_for as _verdict_for
from pipeline.registry import load_registry

KINDS = BodyKinds.of(load_registry())


def verdict_for(a, b):
    return _verdict_for(a, b, KINDS)


def compare_claims(claims):
    return _compare_claims(claims, KINDS)


def dated(start, end, granularity, event="published", modality="fact", subject="NHS Long Term Plan", **kw):
    return {"subject": subject, "predicate": "dated", "event": event, "date_start": start, "date_end": end,
            "date_granularity": granularity, "modality": modality, **{"negated": 0, **kw}}


def ranged(lo, hi, predicate="has_population", as_of=("2021-01-01", "2021-12-31"), **kw):
    return {"subject": "integrated care system", "predicate": predicate, "value_min": lo, "value_max": hi,
            "modality": "fact", "negated": 0, "as_of_start": as_of[0], "as_of_end": as_of[1], **kw}


def status(value, as_of, negated=0, modality="fact"):
    return {"subject": "integrated care system", "predicate": "has_status", "object": value, "negated": negated,
            "modality": modality, "as_of_start": as_of[0], "as_of_end": as_of[1]}


JAN_2019 = dated("2019-01-01", "2019-01-31", "month")


FEB_2019 = dated("2019-02-01", "2019-02-28", "month")


WHITE_PAPER_DAY = dated("2021-02-11", "2021-02-11", "day", subject="White Paper")


WHITE_PAPER_MONTH = dated("2021-02-01", "2021-02-28", "month", subject="White Paper")


PLANNED_APRIL = dated("2022-04-01", "2022-04-30", "month", event="effective", modality="plan", subject="integrated care system")


ACTUAL_JULY = dated("2022-07-01", "2022-07-01", "day", event="effective", subject="integrated care system")


T2020 = ("2020-01-01", "2020-12-31")


T2023 = ("2023-11-01", None)
