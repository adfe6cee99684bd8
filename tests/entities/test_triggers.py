"""Trigger words derived from the cue patterns: every pattern has words that let it fire, and a
sentence a pattern matches always holds one of them (so the filter never loses a span)."""
from __future__ import annotations

import shutil

import pytest

from pipeline import paths
from pipeline.entities.cues import CueTagger
from pipeline.entities.triggers import minimal, trigger_words
from pipeline.ingest import discover, read_document
from pipeline.registry import load_registry
from pipeline.text.sentences import split_sentences
from pipeline.vocabulary import VocabularyError
from tests.helpers import rules_extractor, tag


@pytest.mark.parametrize("pattern,words", [
    (r"\bloss\s+of\s+[^.]*", {"loss of "}),
    (r"\b(?:fear|fears)\s+that", {"fear that", "fears that"}),
    (r"\b(?:(?:already|still)\s+)?in\s+deficit", {"in deficit"}),  # an optional word is not needed
    (r"responsib(?:le|ility)\s+for", {"responsib"}),  # one word is better than two
    (r"\w+ing\s+\w+", {"ing "}),
    (r"\w+\s+\w+", None),  # nothing literal: no sentence could be chosen for it
])
def test_trigger_words_are_what_every_match_holds(pattern, words):
    assert trigger_words(pattern) == (frozenset(words) if words else None)


def test_a_word_that_holds_another_is_redundant():
    assert minimal({"duty", "duty'", "duties"}) == ("duty", "duties")


def test_every_cue_pattern_has_words_that_let_it_fire():
    cues = rules_extractor().entities.cues
    for cue in cues.patterns:
        words = trigger_words(cue.pattern.pattern)
        assert words and any(w in cues.triggers or any(t in w for t in cues.triggers) for w in words), cue.phrase


def test_a_cue_phrase_no_trigger_admits_is_an_error(tmp_path):
    annotations = tmp_path / "annotations"
    shutil.copytree(paths.ANNOTATIONS, annotations, ignore=shutil.ignore_patterns("gold", "second_pass"))
    cues = annotations / "rules" / "cues.yml"
    cues.write_text(cues.read_text().replace("\nproblem:\n", "\nproblem:\n  - \\w+ \\w+{clause}{clause_end}\n"))
    with pytest.raises(VocabularyError, match=r"cues\.yml: .*no word that every match must hold"):
        CueTagger(load_registry(annotations))


def test_the_filter_never_hides_a_match_in_the_seed_corpus():
    extractor = rules_extractor()
    cues = extractor.entities.cues
    for source in discover(paths.CORPUS):
        for sentence in split_sentences(read_document(paths.CORPUS, source).text, extractor.nlp):
            if any(cue.pattern.search(sentence.text) for cue in cues.patterns):
                assert cues.triggered(sentence.text), sentence.text


@pytest.mark.parametrize("text,expected", [
    ("The reorganisation added another layer of bureaucracy.", [("bureaucracy", "bureaucracy")]),
    ("Critics say the merger will reduce local accountability.", [("reduce local accountability", "accountability")]),
])
def test_cues_that_no_listed_trigger_admitted_now_fire(text, expected):
    """"bureaucracy" and "reduce local accountability" were in the patterns but in no hand-kept
    trigger word: they fired only beside another cue."""
    assert [(e.text, e.canonical) for e in tag(text) if e.label == "CONCERN"] == expected
