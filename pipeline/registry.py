"""The registries under annotations/: labels, predicates, bodies, policies, duties, concerns.

Everything else (training labels, database descriptions, annotation validation) is
derived from what this module loads, so a user extends the registries without code.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import ANNOTATIONS as ANNOTATIONS_DIR
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
    fingerprint: str = field(default="")

    @property
    def relational_predicates(self) -> tuple:
        return tuple(p for p, d in self.predicates.items() if d.get("object") == "BODY")

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


def _read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


@lru_cache(maxsize=4)
def load_registry(directory: str | Path = ANNOTATIONS_DIR) -> Registry:
    directory = Path(directory)
    digest = hashlib.sha256()
    for name in REGISTRY_FILES:
        digest.update((directory / name).read_bytes())
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
        fingerprint=digest.hexdigest()[:16],
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
