"""The rules' vocabulary (annotations/rules/*.yml): the phrase notation, verbs listed once with the
forms each role reads, clear errors, and no entry that nothing reads."""
from __future__ import annotations

import re
import shutil

import pytest

from pipeline import paths
from pipeline.registry import load_registry
from pipeline.vocabulary import Vocabulary, VocabularyError, phrase_pattern


@pytest.mark.parametrize("phrase,matches,misses", [
    ("set up", ["set up", "set  up", "set\nup"], ["setup"]),
    ("abolish*", ["abolished", "abolishes"], ["abolitio"]),
    ("proposals? (to|for)", ["proposal to", "proposals for"], ["proposals of"]),
    ("(will |should )?include", ["include", "will include"], ["shall includ"]),
])
def test_phrase_notation(phrase, matches, misses):
    pattern = re.compile(rf"\b{phrase_pattern(phrase)}\b", re.I)
    assert all(pattern.fullmatch(text) for text in matches)
    assert not any(pattern.fullmatch(text) for text in misses)


def test_groups_in_phrases_do_not_capture():
    assert re.compile(phrase_pattern("(a|b) (c|d)")).groups == 0


def test_a_role_reads_the_forms_it_names():
    words = load_registry().vocabulary
    assert words.phrases("reporting_after_a_pronoun")[:3] == ("argue", "argues", "argued")
    assert "told" in words.phrases("instructing") and "tells" not in words.phrases("instructing")
    assert words.phrases("giving")[:3] == ("give", "gives", "gave")  # {give: [base, third, past]} overrides the role


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(paths.RULES, target)
    return target


def test_an_unquoted_no_is_reported_with_its_file(rules_copy):
    path = rules_copy / "modality.yml"
    path.write_text(path.read_text().replace('"no"', "no"))
    with pytest.raises(VocabularyError, match=r"modality\.yml: negation: False .*quote"):
        Vocabulary.load(rules_copy)


def test_an_entry_defined_twice_is_an_error(rules_copy):
    (rules_copy / "zzz.yml").write_text("negation: [not]\n")
    with pytest.raises(VocabularyError, match=r"zzz\.yml: negation is also defined in modality\.yml"):
        Vocabulary.load(rules_copy)


def test_a_broken_phrase_is_reported_with_its_entry(rules_copy):
    (rules_copy / "extra.yml").write_text("broken: [\"(unclosed\"]\n")
    with pytest.raises(VocabularyError, match=r"extra\.yml: broken: missing \)"):
        Vocabulary.load(rules_copy)


def test_a_role_with_an_unknown_verb_is_an_error(rules_copy):
    path = rules_copy / "verbs.yml"
    path.write_text(path.read_text().replace("verbs: [tell, instruct, direct, order]", "verbs: [tell, instruct, direct, ordain]"))
    with pytest.raises(VocabularyError, match=r"verbs\.yml: role 'instructing': ordain"):
        Vocabulary.load(rules_copy)


def test_every_entry_is_read_by_the_code():
    """A word list nothing reads is a word an annotator adds in vain."""
    source = "\n".join(p.read_text() for p in paths.PACKAGE.rglob("*.py"))
    unread = [name for name in load_registry().vocabulary.entries
              if not re.search(rf"\{{{name}[}}.]|[\"']{name}[\"']", source)]
    assert unread == []


def test_the_fingerprint_covers_the_rules(tmp_path):
    annotations = tmp_path / "annotations"
    shutil.copytree(paths.ANNOTATIONS, annotations, ignore=shutil.ignore_patterns("gold", "second_pass"))
    before = load_registry(annotations).fingerprint
    with open(annotations / "rules" / "modality.yml", "a", encoding="utf-8") as f:
        f.write("\n# a comment changes the file\n")
    assert load_registry(annotations).fingerprint != before
