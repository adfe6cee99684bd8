"""Sentences: the seeds' real shapes, and offsets that index the document text."""
from __future__ import annotations

import pytest

from pipeline.text.sentences import sentence_nlp, split_sentences
from tests.conftest import rows

NLP = sentence_nlp()


@pytest.mark.parametrize("text,expected", [
    ("Aims of the White Paper\n\nBy way of a summary the White Paper sets out the following aims:\n\n"
     "  \u2022 Reducing bureaucracy - Removing barriers\n  \u2022 Improving accountability\n",
     ["Aims of the White Paper", "By way of a summary the White Paper sets out the following aims:",
      "Reducing bureaucracy - Removing barriers", "Improving accountability"]),
    ("These can be horizontal (eg, acute hospital trusts) or vertical. Providers may find themselves part of both.",
     ["These can be horizontal (eg, acute hospital trusts) or vertical.", "Providers may find themselves part of both."]),
    ("It fits the principles of the NHS - e.g. free care. It is hard, i.e. slow. Mr Hunt wrote to them.",
     ["It fits the principles of the NHS - e.g. free care.", "It is hard, i.e. slow.", "Mr Hunt wrote to them."]),
    ("Key concerns\n1. Why rush forward with ICSs? It is only 6 years since the last one.\n"
     "2. What happens when the money runs out?",
     ["Key concerns", "1. Why rush forward with ICSs?", "It is only 6 years since the last one.",
      "2. What happens when the money runs out?"]),
    ("The paper sets out a \u2018triple aim\u2019 duty, \u201cto support better health.\u201d A new duty is proposed.",
     ["The paper sets out a \u2018triple aim\u2019 duty, \u201cto support better health.\u201d", "A new duty is proposed."]),
    ("Integrated care boards (ICBs): statutory bodies that plan services\nIntegrated care partnerships (ICPs): committees",
     ["Integrated care boards (ICBs): statutory bodies that plan services", "Integrated care partnerships (ICPs): committees"]),
    ("Members join as they wish.\n\n'For most people care will be local.'\n\nThere will be a leader.",
     ["Members join as they wish.", "'For most people care will be local.'", "There will be a leader."]),
    ("Deficits of around \u00a3100m. Comments under the article imply more.",
     ["Deficits of around \u00a3100m.", "Comments under the article imply more."]),
    ("- locally through collaborative arrangements between different providers, including local contracts;\n"
     "- or, with one lead provider given responsibility for the integration of services.",
     ["locally through collaborative arrangements between different providers, including local contracts;",
      "or, with one lead provider given responsibility for the integration of services."]),
])
def test_shapes(text, expected):
    sentences = split_sentences(text, NLP)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start_char:s.end_char] == s.text for s in sentences)


def test_hard_wrapped_prose_is_joined_but_headings_are_not():
    text = ("Integrated care systems are new partnerships between the organisations that\n"
            "meet health and care needs across an area. They plan services.\n\nNext heading\nA new paragraph.")
    assert [s.text for s in split_sentences(text, NLP)] == [
        "Integrated care systems are new partnerships between the organisations that\n"
        "meet health and care needs across an area.", "They plan services.", "Next heading", "A new paragraph."]


def test_every_seed_sentence_indexes_its_document(seed_db):
    bad = rows(seed_db, """SELECT d.path, s.idx FROM sentences s JOIN documents d ON d.id = s.document_id
                           WHERE substr(d.text, s.start_char + 1, s.end_char - s.start_char) != s.text""")
    assert bad == []
    assert rows(seed_db, "SELECT COUNT(*) FROM documents WHERE status = 'ok'") == [(5,)]


@pytest.mark.parametrize("path,sentence", [
    ("000_6ab47e3653cc8845.txt", "Aims of the White Paper"),
    ("000_6ab47e3653cc8845.txt",
     "Reducing bureaucracy\u00a0- Removing barriers and granting the necessary flexibility to NHS organisations"),
    ("000_6ab47e3653cc8845.txt", "Improving accountability and enhancing public confidence"),
    ("001_9b55d0280cd53b65.txt", "Remaining questions"),
    ("001_9b55d0280cd53b65.txt", "flexibility over the scale and scope of provider collaboratives and their precise membership"),
    ("003_2539cba5ebfc5c4e.txt", "Key concerns with this version of integration"),
    ("003_2539cba5ebfc5c4e.txt", "1. Why rush forward with ICSs when there is yet to be any real evidence that they will work?"),
    ("003_2539cba5ebfc5c4e.txt", "Integrated care boards (ICBs): statutory bodies that are responsible for planning "
                                 "and funding most NHS services in the area"),
    ("002_6a4d8e7bf8746e10.txt", "Targeted legislation"),
])
def test_seed_bullets_and_headings_are_sentences_of_their_own(seed_db, path, sentence):
    found = rows(seed_db, "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.document_id "
                          "WHERE d.path = ? AND s.text = ?", (path, sentence))
    assert found == [(sentence,)]


def test_no_seed_sentence_swallows_a_line_break(seed_db):
    assert rows(seed_db, "SELECT COUNT(*) FROM sentences WHERE text LIKE '%' || char(10) || '%'") == [(0,)]
