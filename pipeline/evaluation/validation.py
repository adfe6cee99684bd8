"""Validation of hand-edited gold: offsets in range, span text equal to the document text, labels,
predicates and keys from the registry, values well formed. `python -m pipeline gold DOC GOLD`
runs it on one file while annotating."""
from __future__ import annotations

from ..intervals import iso_date
from ..registry import Registry


def validate(text: str, sentences: list[dict], registry: Registry) -> list[str]:
    """Every problem found in one document's gold, as readable lines (empty when valid)."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    entity_ids: set[str] = set()
    previous_end = 0

    def check_span(kind: str, rec: dict) -> None:
        rid = rec.get("id", "?")
        if rid in seen_ids:
            problems.append(f"{rid}: duplicate id")
        seen_ids.add(rid)
        start, end = rec.get("start"), rec.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{rid}: {kind} offsets {start}..{end} out of range")
            return
        if text[start:end] != rec.get("text"):
            problems.append(f"{rid}: text[{start}:{end}] is {text[start:end]!r}, not {rec.get('text')!r}")

    for sentence in sentences:
        check_span("sentence", sentence)
        if isinstance(sentence.get("start"), int):
            if sentence["start"] < previous_end:
                problems.append(f"{sentence['id']}: sentence overlaps the previous one")
            previous_end = sentence.get("end", previous_end)
        for ent in sentence.get("entities", []):
            check_span("entity", ent)
            entity_ids.add(ent.get("id"))
            label = ent.get("label")
            if label not in registry.labels:
                problems.append(f"{ent.get('id')}: unknown label {label!r}")
                continue
            if not (sentence["start"] <= ent["start"] and ent["end"] <= sentence["end"]):
                problems.append(f"{ent['id']}: entity outside its sentence {sentence['id']}")
            problems.extend(_check_entity_values(ent, registry))
    for sentence in sentences:
        for claim in sentence.get("claims", []):
            problems.extend(_check_claim(claim, registry, entity_ids))
    return problems


def _check_entity_values(ent: dict, registry: Registry) -> list[str]:
    rid, label, out = ent["id"], ent["label"], []
    if label in ("BODY", "POLICY") and not ent.get("canonical"):
        out.append(f"{rid}: {label} without canonical")
    if label == "DUTY" and not ent.get("canonical"):
        out.append(f"{rid}: DUTY without a duty key")
    if label == "CONCERN" and ent.get("canonical") not in registry.concerns:
        out.append(f"{rid}: CONCERN topic {ent.get('canonical')!r} not in concerns.yml")
    if label == "DATE":
        bad = _bad_dates(ent)
        if bad:
            return out + [f"{rid}: bad date {bad}"]
        start, end = iso_date(ent.get("date_start")), iso_date(ent.get("date_end"))
        if (start is None) != (end is None) or (start and start > end):
            out.append(f"{rid}: date interval {start}..{end} malformed")
        if ent.get("date_granularity") not in registry.date_granularities:
            out.append(f"{rid}: granularity {ent.get('date_granularity')!r} unknown")
    if label == "POPULATION":
        lo, hi = ent.get("pop_min"), ent.get("pop_max")
        if lo is None and hi is None:
            out.append(f"{rid}: population with neither bound")
        if any(v is not None and not isinstance(v, int) for v in (lo, hi)):
            out.append(f"{rid}: population bounds must be whole numbers")
        elif lo is not None and hi is not None and lo > hi:
            out.append(f"{rid}: pop_min > pop_max")
    return out


def _check_claim(claim: dict, registry: Registry, entity_ids: set[str]) -> list[str]:
    rid, out = claim.get("id", "?"), []
    predicate = claim.get("predicate")
    if predicate not in registry.predicates:
        return [f"{rid}: unknown predicate {predicate!r}"]
    if claim.get("modality") not in registry.modalities:
        out.append(f"{rid}: modality {claim.get('modality')!r} unknown")
    if claim.get("negated") not in (0, 1):
        out.append(f"{rid}: negated must be 0 or 1")
    if predicate != "raises_concern" and not claim.get("subject"):
        out.append(f"{rid}: {predicate} without subject")
    for key in ("subject_entity", "object_entity", "date_entity", "value_entity"):
        if claim.get(key) and claim[key] not in entity_ids:
            out.append(f"{rid}: {key} {claim[key]} is no entity of this document")
    if predicate == "dated":
        if claim.get("event") not in registry.events:
            out.append(f"{rid}: event {claim.get('event')!r} unknown")
        bad = _bad_dates(claim)
        start, end = iso_date(claim.get("date_start")), iso_date(claim.get("date_end"))
        if bad:
            out.append(f"{rid}: bad date {bad}")
        elif start is None or end is None or start > end:
            out.append(f"{rid}: dated claim needs date_start <= date_end")
    if predicate in ("has_population", "has_count"):
        lo, hi = claim.get("value_min"), claim.get("value_max")
        if lo is None and hi is None:
            out.append(f"{rid}: {predicate} without a value")
        if predicate == "has_count" and lo != hi:
            out.append(f"{rid}: has_count needs value_min == value_max")
    if predicate == "raises_concern" and claim.get("object") not in registry.concerns:
        out.append(f"{rid}: concern topic {claim.get('object')!r} unknown")
    if predicate == "has_status" and claim.get("object") not in registry.statuses:
        out.append(f"{rid}: status {claim.get('object')!r} unknown")
    if predicate == "has_duty" and not claim.get("object"):
        out.append(f"{rid}: has_duty without a duty key")
    if registry.predicates[predicate].get("object") == "BODY" and not claim.get("object"):
        out.append(f"{rid}: {predicate} without an object body")
    return out


def _bad_dates(record: dict) -> str | None:
    """The date fields given but not ISO dates (a February 30th), named; None when all are dates or absent."""
    bad = [f"{key}={record[key]!r}" for key in ("date_start", "date_end")
           if record.get(key) is not None and iso_date(record[key]) is None]
    return ", ".join(bad) or None
