"""The parse-reading locators of claims/view.py, on parses written by hand (no model drift)."""
from __future__ import annotations

from pipeline.claims.view import SentenceView, grammatical_subject, passive_agent
from pipeline.records import Entity, Sentence
from pipeline.text.parse import SentenceParse, SyntaxWords, Word

WORDS = SyntaxWords(frozenset({"aux", "aux:pass", "obj", "obl", "xcomp", "case", "det", "compound", "mark"}),
                    frozenset(), frozenset({"require"}))


def view_of(text: str, tokens: list[tuple[str, str, str, str, int]], bodies: list[tuple[str, str]]) -> SentenceView:
    """`tokens`: (text, lemma, pos, dep, head) in order, separated by single spaces in `text`."""
    words, at = [], 0
    for token, lemma, pos, dep, head in tokens:
        start = text.index(token, at)
        words.append(Word(start, start + len(token), token, lemma, pos, dep, head))
        at = start + len(token)
    entities = [Entity("BODY", text.index(name), text.index(name) + len(name), name, 0, canonical=canonical)
                for name, canonical in bodies]
    return SentenceView(Sentence(0, 0, len(text), text), entities, None, parse=SentenceParse(tuple(words)), syntax=WORDS)


def test_a_subject_marked_by_a_preposition_gives_way_to_its_conjunct():
    # a misparse: "With the council growing, NHS England will take on ...", the council as subject with "With"
    text = "With councils growing , NHS England will take responsibility"
    view = view_of(text, [("With", "with", "ADP", "case", 1), ("councils", "council", "NOUN", "nsubj", 7),
                          ("growing", "grow", "VERB", "acl", 1), (",", ",", "PUNCT", "punct", 5),
                          ("NHS", "nhs", "PROPN", "compound", 5), ("England", "england", "PROPN", "conj", 1),
                          ("will", "will", "AUX", "aux", 7), ("take", "take", "VERB", "root", 7),
                          ("responsibility", "responsibility", "NOUN", "obj", 7)],
                   [("councils", "local authority"), ("NHS England", "NHS England")])
    decided, body = grammatical_subject(view, text.index("responsibility"), view.bodies())
    assert decided and body.canonical == "NHS England"


def test_the_agent_of_a_passive_duty_whose_subject_is_no_body():
    text = "Every resident must be served by networks"
    view = view_of(text, [("Every", "every", "DET", "det", 1), ("resident", "resident", "NOUN", "nsubj:pass", 4),
                          ("must", "must", "AUX", "aux", 4), ("be", "be", "AUX", "aux:pass", 4),
                          ("served", "serve", "VERB", "root", 4), ("by", "by", "ADP", "case", 6),
                          ("networks", "network", "NOUN", "obl:agent", 4)],
                   [("networks", "primary care network")])
    assert passive_agent(view, text.index("must"), view.bodies()).canonical == "primary care network"
    bodies = [Entity("BODY", 6, 14, "resident", 0, canonical="GP practice"), *view.bodies()]
    assert passive_agent(view, text.index("must"), bodies) is None  # a body as the subject holds its own duty
