"""Dates: calendar expressions found in text and normalised to inclusive intervals.

Pure functions of text: `find_dates` gives spans, `normalise_date` gives
(date_start, date_end, granularity). UK day-first order. A missing year is never taken
from today: a year-less date stays un-normalised unless the caller supplies a year.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "middle of": (5, 8), "late": (9, 12),
                 "start of": (1, 3), "beginning of": (1, 3), "end of": (10, 12), "first half of": (1, 6),
                 "second half of": (7, 12)}
PARTS_OF_MONTH = {"early": (1, 10), "start of": (1, 10), "beginning of": (1, 10), "mid": (11, 20),
                  "middle of": (11, 20), "late": (21, 31), "end of": (21, 31)}
QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
          r"|nov(?:ember)?|dec(?:ember)?)")
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_PART = r"(?:early|mid|late|start of|beginning of|end of|middle of|first half of|second half of)"
_FY = rf"(?:(?:the\s+)?(?:financial|fiscal)\s+year\s+)?(?P<y>{_YEAR})\s?[-/–]\s?(?P<y2>\d{{2}})"
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_RELATIVE_YEAR = r"(?P<r>this|last|next)\s+year"
# a month named alone is a date only after a word that places something in time ("in February", "from July")
_BEFORE_YEARLESS_MONTH = re.compile(r"\b(?:in|from|by|since|until|before|after|during|of)\s+(?:early\s+|late\s+|mid-?)?$", re.I)

# Order matters: longer, more specific expressions first.
_PATTERNS = [
    ("range", rf"between\s+(?P<a>(?:{_MONTH}\s+)?{_YEAR})\s+and\s+(?P<b>(?:{_MONTH}\s+)?{_YEAR})"),
    ("range", rf"from\s+(?P<a>{_MONTH}\s+{_YEAR}|{_YEAR})\s+(?:to|until)\s+(?P<b>{_MONTH}\s+{_YEAR}|{_YEAR})"),
    ("day", rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})"),
    ("day", rf"(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})"),
    ("numeric_day", rf"(?P<d>[0-3]?\d)/(?P<mn>[01]?\d)/(?P<y>{_YEAR})"),
    ("fy_part", rf"(?P<p>{_PART})[\s-]+(?:the\s+)?{_FY}(?!\d|,\d)"),
    ("fy_quarter", rf"(?:quarter\s+(?P<q>[1-4])|q(?P<q2>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter)"
                   rf"\s+(?:of\s+)?(?:the\s+)?{_FY}(?!\d|,\d)"),
    ("financial_year", rf"(?:(?:financial|fiscal)\s+year\s+)?(?P<y>{_YEAR})\s?[-/–]\s?(?P<y2>\d{{2}})(?!\d|,\d)"),
    ("year_range", rf"(?P<y>{_YEAR})\s?(?:-|–|to)\s?(?P<y2>{_YEAR})"),
    ("relative_day", rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s+{_RELATIVE_YEAR}"),
    ("relative_month", rf"(?P<m>{_MONTH})\s+{_RELATIVE_YEAR}"),
    ("part_month", rf"(?P<p>{_PART})[\s-]+(?P<m>{_MONTH})\s+(?P<y>{_YEAR})"),
    ("month", rf"(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})"),
    ("season", rf"(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_YEAR})"),
    ("quarter", rf"(?:q(?P<q>[1-4])\s+(?P<y>{_YEAR})|(?P<qw>first|second|third|fourth)\s+quarter\s+of\s+(?P<y2>{_YEAR}))"),
    ("decade", r"(?:(?P<p>early|mid|late)[\s-]+)?(?P<dec>(?:19|20)\d0)s"),
    ("part_year", rf"(?P<p>{_PART})[\s-]+(?P<y>{_YEAR})"),
    ("yearless", rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH})\b(?!\s+{_YEAR})"),
    ("yearless", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!,?\s+{_YEAR})"),
    ("year", rf"(?P<y>{_YEAR})"),
    ("yearless_month", _FULL_MONTH),
]
_COMPILED = [(kind, re.compile(rf"(?<![\w£$€/.-]){pattern}(?![\w%]|\.\d|,\d)", re.I)) for kind, pattern in _PATTERNS]
# figures that look like years but are not: money, percentages, counts of people
_NOT_A_YEAR_AFTER = re.compile(r"^\s*(?:people|patients|residents|staff|beds|%|per cent|million|m\b|bn\b)", re.I)


@dataclass(frozen=True)
class DateValue:
    start: dt.date | None
    end: dt.date | None
    granularity: str

    def iso(self) -> tuple[str | None, str | None, str]:
        return (self.start.isoformat() if self.start else None,
                self.end.isoformat() if self.end else None, self.granularity)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(value: str) -> int:
    key = value.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _fy_month(year: int, month_of_year: int) -> tuple[int, int]:
    """(year, month) of the nth month of the financial year starting in April of `year`."""
    month = month_of_year + 3
    return (year + 1, month - 12) if month > 12 else (year, month)


def _day(value: str) -> int:
    return int(re.match(r"\d+", value).group())


def _interval_of(expression: str) -> tuple[dt.date, dt.date] | None:
    """Interval of a year or month-year expression (for range ends)."""
    value = normalise_date(expression)
    return (value.start, value.end) if value and value.start else None


def _value(kind: str, m: re.Match, default_year: int | None) -> DateValue | None:
    g = m.groupdict()
    try:
        if kind == "range":
            a, b = _interval_of(g["a"]), _interval_of(g["b"])
            if not a or not b or a[0] > b[1]:
                return None
            return DateValue(a[0], b[1], "range")
        if kind == "day":
            y, mo, d = int(g["y"]), _month(g["m"]), _day(g["d"])
            day = dt.date(y, mo, d)
            return DateValue(day, day, "day")
        if kind == "numeric_day":
            day = dt.date(int(g["y"]), int(g["mn"]), int(g["d"]))  # UK order: day/month/year
            return DateValue(day, day, "day")
        if kind in ("fy_part", "fy_quarter"):  # months counted from April: "end of 2023/24" is January to March 2024
            y, y2 = int(g["y"]), int(g["y2"])
            if (y + 1) % 100 != y2:
                return None
            if kind == "fy_part":
                lo, hi = PARTS_OF_YEAR[" ".join(g["p"].lower().split())]
            else:
                q = QUARTERS[(g.get("q") or g.get("q2") or g.get("qw")).lower()]
                lo, hi = 3 * q - 2, 3 * q
            first, last = _fy_month(y, lo), _fy_month(y, hi)
            return DateValue(dt.date(*first, 1), _month_end(*last), "quarter" if kind == "fy_quarter" else "range")
        if kind in ("relative_day", "relative_month", "yearless_month"):  # the year is the document's
            if default_year is None:
                return DateValue(None, None, "day" if kind == "relative_day" else "month")
            y = default_year + {"this": 0, "last": -1, "next": 1}[(g.get("r") or "this").lower()]
            mo = _month(g["m"]) if g.get("m") else _month(m.group(0))
            if kind == "relative_day":
                day = dt.date(y, mo, _day(g["d"]))
                return DateValue(day, day, "day")
            return DateValue(dt.date(y, mo, 1), _month_end(y, mo), "month")
        if kind == "financial_year":
            y, y2 = int(g["y"]), int(g["y2"])
            if (y + 1) % 100 != y2:
                return None
            return DateValue(dt.date(y, 4, 1), dt.date(y + 1, 3, 31), "financial_year")
        if kind == "year_range":
            y, y2 = int(g["y"]), int(g["y2"])
            if y2 <= y:
                return None
            return DateValue(dt.date(y, 1, 1), dt.date(y2, 12, 31), "range")
        if kind == "part_month":
            y, mo = int(g["y"]), _month(g["m"])
            lo, hi = PARTS_OF_MONTH[" ".join(g["p"].lower().split())]
            last = calendar.monthrange(y, mo)[1]
            return DateValue(dt.date(y, mo, lo), dt.date(y, mo, min(hi, last)), "range")
        if kind == "month":
            y, mo = int(g["y"]), _month(g["m"])
            return DateValue(dt.date(y, mo, 1), _month_end(y, mo), "month")
        if kind == "season":
            y = int(g["y"])
            lo, hi = SEASONS[g["s"].lower()]
            end_year = y + 1 if hi < lo else y
            return DateValue(dt.date(y, lo, 1), _month_end(end_year, hi), "season")
        if kind == "quarter":
            q = QUARTERS[(g.get("q") or g.get("qw")).lower()]
            y = int(g.get("y") or g.get("y2"))
            return DateValue(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
        if kind == "decade":
            base = int(g["dec"])
            lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), None: (0, 9)}[g["p"].lower() if g["p"] else None]
            return DateValue(dt.date(base + lo, 1, 1), dt.date(base + hi, 12, 31), "range")
        if kind == "part_year":
            y = int(g["y"])
            lo, hi = PARTS_OF_YEAR[" ".join(g["p"].lower().split())]
            return DateValue(dt.date(y, lo, 1), _month_end(y, hi), "range")
        if kind == "yearless":
            if default_year is None:
                return DateValue(None, None, "day")
            day = dt.date(default_year, _month(g["m"]), _day(g["d"]))
            return DateValue(day, day, "day")
        if kind == "year":
            y = int(g["y"])
            return DateValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except (ValueError, KeyError, TypeError):
        return None
    return None


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    text: str
    value: DateValue
    kind: str


def find_dates(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Non-overlapping DATE spans, longest and most specific first, in text order."""
    taken: list[tuple[int, int]] = []  # sorted and disjoint: an overlap is checked against two neighbours, not all
    found: list[DateSpan] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            i = bisect.bisect_left(taken, (start, end))
            if any(start < e and s < end for s, e in taken[max(0, i - 1):i + 1]):
                continue
            if kind == "year" and _NOT_A_YEAR_AFTER.match(text[end:end + 12]):
                continue
            if kind == "yearless_month" and not (
                    m.group(0)[0].isupper() and _BEFORE_YEARLESS_MONTH.search(text[max(0, start - 20):start])):
                continue
            value = _value(kind, m, default_year)
            if value is None:
                continue
            taken.insert(i, (start, end))
            found.append(DateSpan(start, end, text[start:end], value, kind))
    return sorted(found, key=lambda d: d.start)


def normalise_date(text: str, default_year: int | None = None) -> DateValue | None:
    """The interval of a date expression that is the whole of `text`, or None."""
    whole = " ".join(text.split())
    bare = re.sub(r"^(?:the|by|in|on|from|since|until|before|after)\s+", "", whole, flags=re.I)
    for candidate in dict.fromkeys((whole, bare)):
        for kind, pattern in _COMPILED:
            m = pattern.fullmatch(candidate)
            if m:
                value = _value(kind, m, default_year)
                if value is not None:
                    return value
    return None
