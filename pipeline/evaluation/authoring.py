"""Author gold annotations by surface text, never by typed offsets (how the dev gold was written).

    python -m pipeline author skeleton DOC > AUTHOR.yml      sentences proposed by the pipeline's splitter
    python -m pipeline author build DOC AUTHOR.yml OUT.jsonl  offsets resolved, ids given, validated;
                                                             also writes OUT.text, the text the offsets index
    python -m pipeline author text DOC                        the ingested text (what offsets index)

AUTHOR.yml is a list of sentences in document order:

- text: "NHS England established 42 integrated care boards on 1 July 2022."
  entities:
    - [BODY, NHS England, {canonical: NHS England}]
    - [BODY, integrated care boards, {canonical: integrated care board}]
    - [DATE, 1 July 2022, {date_start: 2022-07-01, date_end: 2022-07-01, date_granularity: day}]
  claims:
    - {subject: integrated care board, subject_entity: integrated care boards, predicate: has_count,
       value_min: 42, value_max: 42, modality: fact, negated: 0}
    - {subject: integrated care board, subject_entity: integrated care boards, predicate: dated,
       event: effective, date_start: 2022-07-01, date_end: 2022-07-01, date_granularity: day,
       date_entity: 1 July 2022, modality: fact, negated: 0}

- A sentence's `text` must be an exact substring of the document text; sentences are found in
  order, each after the previous one. Edit, merge or split the skeleton's sentences freely by
  editing their text. A sentence with nothing to annotate may keep only `text`.
- An entity is [LABEL, surface, fields]. The surface is found inside the sentence; when it occurs
  more than once, write "surface#2" for the second occurrence (counted within the sentence).
- In claims, `*_entity` fields name an entity of the same sentence by its surface (with #n if
  needed); they become entity ids. Leave them out (or null) when the subject is resolved from an
  earlier sentence.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..ingest import discover, read_document
from ..registry import load_registry
from .validation import validate

ENTITY_REFS = ("subject_entity", "object_entity", "date_entity", "value_entity")


class AuthoringError(ValueError):
    """What is wrong with an authoring file, one problem a line."""


def ingested_text(doc: Path) -> str:
    corpus = doc.parent
    source = next(s for s in discover(corpus) if s.path == doc.name)
    document = read_document(corpus, source)
    if not document.ok:
        raise AuthoringError(f"{doc}: {document.error}")
    return document.text


def skeleton(doc: Path) -> str:
    from ..text.sentences import sentence_nlp, split_sentences

    text = ingested_text(doc)
    items = [{"text": s.text} for s in split_sentences(text, sentence_nlp())]
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=1000)


def _locate(haystack: str, surface: str, what: str) -> tuple[int, int]:
    needle, _, nth = surface.rpartition("#") if "#" in surface and surface.rsplit("#", 1)[1].isdigit() else (surface, "", "1")
    start = -1
    for _ in range(int(nth)):
        start = haystack.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{what}: {needle!r} (occurrence {nth}) not found in {haystack[:120]!r}")
    return start, start + len(needle)


def build(doc: Path, author: Path) -> list[dict]:
    text = ingested_text(doc)
    prefix = doc.name[:3]
    items = yaml.safe_load(author.read_text(encoding="utf-8")) or []
    out, pos, n_ent, n_claim, errors = [], 0, 0, 0, []
    for i, item in enumerate(items):
        s_text = item["text"]
        start = text.find(s_text, pos)
        if start < 0:
            errors.append(f"sentence {i}: not found after offset {pos}: {s_text[:100]!r}")
            continue
        end = start + len(s_text)
        pos = end
        sentence = {"id": f"{prefix}:s{len(out)}", "start": start, "end": end, "text": s_text,
                    "entities": [], "claims": []}
        by_surface: dict[str, str] = {}
        for ent in item.get("entities") or []:
            try:
                label, surface, fields = (list(ent) + [{}])[:3]
                a, b = _locate(s_text, str(surface), f"sentence {i} entity")
            except (ValueError, TypeError) as exc:
                errors.append(f"sentence {i}: {exc}")
                continue
            eid = f"{prefix}:e{n_ent}"
            n_ent += 1
            record = {"id": eid, "label": label, "start": start + a, "end": start + b, "text": s_text[a:b]}
            record.update(fields or {})
            for key in ("date_start", "date_end"):
                if record.get(key) is not None:
                    record[key] = str(record[key])
            sentence["entities"].append(record)
            by_surface[str(surface)] = eid
        for claim in item.get("claims") or []:
            record = {"id": f"{prefix}:c{n_claim}", **claim}
            n_claim += 1
            for key in ENTITY_REFS:
                ref = record.get(key)
                if ref is None:
                    continue
                if str(ref) not in by_surface:
                    errors.append(f"sentence {i} claim {record['id']}: {key} {ref!r} is no entity surface of this sentence")
                    record[key] = None
                else:
                    record[key] = by_surface[str(ref)]
            for key in ("date_start", "date_end", "as_of_start", "as_of_end"):
                if record.get(key) is not None:
                    record[key] = str(record[key])
            record.setdefault("modality", "fact")
            record.setdefault("negated", 0)
            sentence["claims"].append(record)
        out.append(sentence)
    errors += validate(text, out, load_registry())
    if errors:
        raise AuthoringError("\n".join(errors))
    return out


def write_gold(records: list[dict], out: Path, text: str) -> None:
    """The gold JSONL, and beside it the text its offsets index (OUT.text)."""
    out.with_suffix(".text").write_text(text, encoding="utf-8")
    with open(out, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
