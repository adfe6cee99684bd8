"""Reasons: values as a reader says them ("February 2019", "1 to 3 million"), for the one-line
`reason` each verdict carries (SPEC §5)."""
from __future__ import annotations

import functools

from ..intervals import iso_date

EVENT_NOUNS = {"published": "publication", "effective": "start", "deadline": "deadline", "abolished": "abolition",
               "merged": "merger", "royal_assent": "royal assent", "consultation_closed": "consultation's close",
               "other": "event"}
"""Each `dated` event as a noun, for reasons a person reads ("two plans for the start")."""


def describe_date(claim: dict) -> str:
    return _describe_date(claim.get("date_start"), claim.get("date_end"), claim.get("date_granularity"))


@functools.lru_cache(maxsize=65536)
def _describe_date(start_value, end_value, granularity) -> str:
    start, end = iso_date(start_value), iso_date(end_value)
    if not start or not end:
        return "an unknown date"
    if granularity == "day" or start == end:
        return f"{start.day} {start:%B %Y}"
    if granularity == "month":
        return f"{start:%B %Y}"
    if granularity == "year":
        return str(start.year)
    if granularity == "financial_year":
        return f"{start.year}-{str(end.year)[2:]}"
    return f"{start:%B %Y} to {end:%B %Y}" if (start.year, start.month) != (end.year, end.month) else f"{start:%B %Y}"


def describe_range(claim: dict) -> str:
    lo, hi = claim.get("value_min"), claim.get("value_max")
    fmt = lambda v: f"{int(v):,}"  # noqa: E731
    if lo is not None and hi is not None:
        return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f"over {fmt(lo)}"
    if hi is not None:
        return f"up to {fmt(hi)}"
    return "an unknown figure"


def modality_note(a: dict, b: dict) -> str:
    """" (plan vs fact)" when the two sides are said in different modalities, else nothing."""
    ma, mb = a.get("modality") or "fact", b.get("modality") or "fact"
    return "" if ma == mb else f" ({ma} vs {mb})"
