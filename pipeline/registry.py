"""The registries under annotations/: labels, predicates, bodies, policies, duties, concerns, and
the rules' vocabulary (annotations/rules/*.yml).

Everything else (training labels, database descriptions, annotation validation, the words the
rules read) is derived from what this module loads, so a user extends them without code. One
fingerprint covers every file: it is part of the pipeline's version and of the scorer's training.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .paths import ANNOTATIONS as ANNOTATIONS_DIR
from .vocabulary import SAFE_LOADER, Vocabulary

REGISTRY_FILES = ("labels.yml", "bodies.yml", "policies.yml", "duties.yml", "concerns.yml")


@dataclass(frozen=True)
class Registry:
    """All registries as loaded, read-only; one object passed to every stage."""

    labels: dict
    predicates: dict
    events: tuple
    modalities: tuple
    statuses: tuple
    verdicts: dict
    date_granularities: tuple
    bodies: dict
    policies: dict
    duties: dict
    concerns: dict
    vocabulary: Vocabulary
    event_questions: dict = field(default_factory=dict)
    fingerprint: str = field(default="")

    @property
    def relational_predicates(self) -> tuple:
        return tuple(p for p, d in self.predicates.items() if d.get("object") == "BODY")

    @property
    def state_predicates(self) -> frozenset[str]:
        """The predicates whose claims hold over a time (labels.yml `time: state`); the others are events."""
        return frozenset(p for p, d in self.predicates.items() if d.get("time") == "state")

    def successor_of(self, body: str) -> str | None:
        return (self.bodies.get(body) or {}).get("successor")

    def broader_than(self, body: str) -> list[str]:
        """The wider kinds a body is one of, nearest first (NHS trust -> NHS body -> NHS)."""
        out: list[str] = []
        current = (self.bodies.get(body) or {}).get("broader")
        while current and current not in out and current != body:
            out.append(current)
            current = (self.bodies.get(current) or {}).get("broader")
        return out


def plural(word: str) -> str:
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("body"):
        return word[:-4] + "bodies"
    return word if word.endswith("s") else word + "s"


_COMPOUND = re.compile(r"\b(long|short|medium|one|two|three|five|ten|1|2|3|5|10)[ -](term|year)\b", re.I)


def alias_variants(alias: str) -> set[str]:
    """The alias, its plural, "&"/"and" spellings, compounds with or without their hyphen
    ("Long Term Plan", "long-term plan"; "10 Year Health Plan", "10-year health plan"), and "NHS" for
    "National Health Service" inside a longer name."""
    forms = {alias, " ".join(alias.split()[:-1] + [plural(alias.split()[-1])]) if alias.split() else alias}
    forms |= {f.replace(" and ", " & ") for f in forms} | {f.replace(" & ", " and ") for f in forms}
    forms |= {_COMPOUND.sub(r"\1-\2", f) for f in forms} | {_COMPOUND.sub(r"\1 \2", f) for f in forms}
    forms |= {f.replace("National Health Service", "NHS") for f in forms}  # the service's name is always also "NHS"
    return forms


def names_by_form(registry: Registry) -> dict[str, list[str]]:
    """Every way the registries name a body or policy, lower-cased, to the canonical names it can mean:
    the canonical name, its aliases and acronyms, with plurals and "&"/"and" spellings (as the
    gazetteer matches them). For looking a name up as a reader types it ("Clinical Commissioning
    Groups", "ICBs"); an acronym with two meanings (ICP) gives both."""
    index: dict[str, list[str]] = {}
    for table in (registry.bodies, registry.policies):
        for canonical, entry in table.items():
            names = {canonical, *entry.get("aliases", [])}
            forms = set().union(*(alias_variants(n) for n in names)) | set(entry.get("acronyms", []))
            for form in forms:
                meanings = index.setdefault(form.lower(), [])
                if canonical not in meanings:
                    meanings.append(canonical)
    return index


def _read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=SAFE_LOADER) or {}  # noqa: S506 (a safe loader)


def registry_files(directory: Path = ANNOTATIONS_DIR) -> list[Path]:
    """Every file a registry is loaded from, in a fixed order: what its fingerprint hashes."""
    return [directory / name for name in REGISTRY_FILES] + sorted((directory / "rules").glob("*.yml"))


def fingerprint(directory: Path = ANNOTATIONS_DIR) -> str:
    digest = hashlib.sha256()
    for path in registry_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_registry(directory: str | Path = ANNOTATIONS_DIR) -> Registry:
    """The registries of `directory` (annotations/ by default). Load once and pass it on: nothing reloads it."""
    directory = Path(directory)
    labels = _read_yaml(directory / "labels.yml")
    return Registry(
        labels=labels["labels"],
        predicates=labels["predicates"],
        events=tuple(labels["events"]),
        modalities=tuple(labels["modalities"]),
        statuses=tuple(labels["statuses"]),
        verdicts=labels["verdicts"],
        date_granularities=tuple(labels["date_granularities"]),
        bodies=_read_yaml(directory / "bodies.yml"),
        policies=_read_yaml(directory / "policies.yml"),
        duties=_read_yaml(directory / "duties.yml"),
        concerns=_read_yaml(directory / "concerns.yml"),
        vocabulary=Vocabulary.load(directory / "rules"),
        event_questions=labels.get("event_questions") or {},
        fingerprint=fingerprint(directory),
    )


def registry_tables(registry: Registry) -> tuple[list[dict], list[dict]]:
    """Rows for the `bodies` and `policies` tables (SPEC §6), aliases as JSON lists."""
    bodies = [
        {
            "name": name,
            "kind": entry.get("kind"),
            "aliases": json.dumps(entry.get("aliases", []) + entry.get("acronyms", [])),
            "successor": entry.get("successor"),
            "instance_of": entry.get("instance_of"),
            "broader": entry.get("broader"),
        }
        for name, entry in registry.bodies.items()
    ]
    policies = [
        {
            "name": name,
            "aliases": json.dumps(entry.get("aliases", []) + entry.get("acronyms", [])),
            "known_dates": json.dumps({k: str(v) for k, v in (entry.get("dates") or {}).items()}),
        }
        for name, entry in registry.policies.items()
    ]
    return bodies, policies
