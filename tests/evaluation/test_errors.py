"""`eval --errors` groups mistakes by kind, on hand-made gold and predictions."""
from __future__ import annotations

from pipeline.evaluation.errors import claim_errors, entity_errors, format_errors


def _entity(label, start, end, text, canonical=None):
    return {"label": label, "start": start, "end": end, "text": text, "canonical": canonical, "document": "x01"}


def test_entity_errors_are_grouped_by_label_and_kind():
    gold = [_entity("BODY", 0, 10, "the Trust", "NHS trust"), _entity("POLICY", 20, 27, "the Act", "Care Act 2014"),
            _entity("BODY", 40, 50, "councils", "local authority")]
    pred = [_entity("BODY", 0, 10, "the Trust", "foundation trust"), _entity("BODY", 20, 27, "the Act", "Act"),
            _entity("BODY", 60, 65, "Board", "Board")]
    groups = entity_errors(gold, pred, ("BODY", "POLICY"))
    assert [e["text"] for e, _ in groups[("BODY", "wrong value")]] == ["the Trust"]
    assert [e["text"] for e, _ in groups[("POLICY", "missed, tagged BODY")]] == ["the Act"]
    assert [e["text"] for e, _ in groups[("BODY", "missed")]] == ["councils"]
    assert sorted(e["text"] for e, _ in groups[("BODY", "spurious")]) == ["Board", "the Act"]


def test_claim_errors_say_whether_the_subject_or_the_value_differs():
    def claim(subject, obj, span=(0, 50)):
        return {"predicate": "part_of", "subject": subject, "object": obj, "span": span, "document": "x01",
                "sentence": "Boards sit within systems."}
    gold = [claim("integrated care board", "integrated care system"), claim("NHS trust", "provider collaborative", (60, 90))]
    pred = [claim("NHS England", "integrated care system")]
    groups = claim_errors(gold, pred, ("part_of",))
    assert len(groups[("part_of", "missed: other subject")]) == 1
    assert len(groups[("part_of", "missed: none in the sentence")]) == 1
    assert len(groups[("part_of", "spurious: other subject")]) == 1
    listing = format_errors({}, groups, lambda record: record["sentence"])
    assert "--- part_of: 3 errors" in listing and "Boards sit within systems." in listing
