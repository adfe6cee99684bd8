"""Words: what a reader sees in place of the keys the database stores.

Concern topics, statuses, events and predicates become the phrases of annotations/display.yml,
duty keys the phrases duties.yml gives the questions; numbers are grouped (500,000), dates read as dates (January 2019),
negation reads "not", and a whole claim reads as one line ("integrated care board has a duty to
plan and fund services"). Plain strings out: the pages escape them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..compare.reasons import describe_date, describe_range
from ..paths import ANNOTATIONS
from ..registry import Registry, load_registry, names_by_form, plural

DISPLAY_FILE = "display.yml"


def in_words(key) -> str:
    """A key a reader can read when no phrase is listed: `non_statutory` -> "non statutory"."""
    return str(key).replace("_", " ") if key is not None else ""


def plural_name(name: str) -> str:
    words = name.split()
    return " ".join(words[:-1] + [plural(words[-1])]) if words else name


@dataclass(frozen=True)
class Words:
    """The display words, loaded once per server (annotations/display.yml and the registries)."""

    predicates: dict
    modalities: dict
    events: dict
    statuses: dict
    concerns: dict
    duties: dict  # duty key -> what completes "has a duty to ..." (duties.yml `question`, without its "to")
    names: dict  # every lower-cased form of a registered name -> its canonical names

    def predicate(self, key) -> str:
        return (self.predicates.get(key) or {}).get("phrase") or in_words(key)

    def event(self, key) -> str:
        return self.events.get(key) or in_words(key)

    def status(self, key) -> str:
        return self.statuses.get(key) or in_words(key)

    def concern(self, key) -> str:
        return self.concerns.get(key) or in_words(key)

    def duty(self, key) -> str:
        return self.duties.get(key) or in_words(key)

    def modality(self, key) -> str:
        return self.modalities.get(key, in_words(key))

    def object(self, predicate, key) -> str:
        """A claim's object in words: duty, concern topic, status or body, by predicate."""
        if predicate == "has_duty":
            return self.duty(key)
        if predicate == "raises_concern":
            return self.concern(key)
        if predicate == "has_status":
            return self.status(key)
        return in_words(key) if key is not None and "_" in str(key) and str(key).islower() else (key or "")

    def value(self, claim: dict) -> str:
        """What a claim states, without its subject: "January 2019", "500,000 to 3,000,000",
        "plan and fund services", "not statutory"."""
        predicate = claim.get("predicate")
        if predicate == "dated":
            said = describe_date(claim)
        elif predicate in ("has_population", "has_count"):
            said = describe_range(claim)
        else:
            said = self.object(predicate, claim.get("object"))
        return f"not {said}" if claim.get("negated") else said

    def claim(self, claim: dict) -> str:
        """The whole claim as one line, modality first where it is not a fact."""
        predicate = claim.get("predicate")
        templates = self.predicates.get(predicate) or {}
        subject = claim.get("subject")
        if subject is None and templates.get("no_subject"):
            template = templates["no_subject"]
        else:
            template = templates.get("negated" if claim.get("negated") else "claim") or "{subject} {predicate} {object}"
        fields = {
            "subject": subject or "(no body named)", "subjects": plural_name(subject or "bodies"),
            "predicate": self.predicate(predicate), "object": self.object(predicate, claim.get("object")),
            "event": self.event(claim.get("event")), "date": describe_date(claim), "value": describe_range(claim),
        }
        said = template.format(**fields)
        if claim.get("holder") and predicate == "raises_concern":
            said += f" (raised by {claim['holder']})"
        prefix = self.modality(claim.get("modality") or "fact")
        said = f"{prefix}: {said}" if prefix else said
        return said[:1].upper() + said[1:]

    def canonical_names(self, typed: str) -> list[str]:
        """The registered bodies and policies a reader's wording names, in any alias form: plural,
        capitalised, full name, acronym, possessive ("Clinical Commissioning Groups", "ICBs",
        "the ICB's"). Empty when the registries know no such name."""
        form = " ".join(typed.split()).lower()
        form = re.sub(r"['’]s?$", "", form)
        for candidate in (form, re.sub(r"^the\s+", "", form)):
            if candidate in self.names:
                return list(self.names[candidate])
        return []


def number(value) -> str:
    """500000.0 -> "500,000"; 0.75 -> "0.75"; text stays text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def load_words(annotations: Path = ANNOTATIONS, registry: Registry | None = None) -> Words:
    with open(Path(annotations) / DISPLAY_FILE, encoding="utf-8") as f:
        display = yaml.safe_load(f) or {}
    registry = registry or load_registry(annotations)
    return Words(
        predicates=display.get("predicates") or {}, modalities=display.get("modalities") or {},
        events=display.get("events") or {}, statuses=display.get("statuses") or {},
        concerns=display.get("concerns") or {},
        duties={key: re.sub(r"^to\s+", "", entry["question"]) for key, entry in registry.duties.items()
                if isinstance(entry, dict) and entry.get("question")},
        names=names_by_form(registry),
    )
