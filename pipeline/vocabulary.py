"""The rules' words: annotations/rules/*.yml, loaded with the registries and checked once.

Words are data, grammar is code. Each vocabulary entry is a list of phrases that signal one
thing (a modality, an event, a relation, a reporting verb); the rules keep the grammar around
them as templates with `{name}` holes, which `Vocabulary.compile` fills with the alternation of
that entry's phrases. A phrase is written as the words appear, with four conveniences (see
annotations/rules/README.md):

- a space matches any white space ("set up" also matches "set  up" and "set\\nup");
- `*` right after a letter matches any further letters ("abolish*": abolished, abolition);
- `(a|b)` groups alternatives without capturing, `?` makes the letter or group before optional.

Anything else is Python regular-expression syntax, matched case-insensitively. Where a phrase
must start or end at a word boundary is the rule's grammar: its template says so (`\b`).

Verbs are listed once, with their forms (verbs.yml `verbs`); a role (`roles`) names the verbs
and the forms a rule reads, so "reported", "said", "warned" are not written into three patterns.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the registries load several times faster (every run
that processes a document loads them, in the worker and in the caller)."""

VERB_FORMS = ("base", "third", "past", "participle", "ing")
"""The columns of verbs.yml: say, says, said, said, saying."""
_HOLE = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


class VocabularyError(ValueError):
    """A rules file that cannot be used; the message names the file and the entry."""


def phrase_pattern(phrase: str) -> str:
    """The regular expression of one phrase (see the module docstring)."""
    out, i, in_class = [], 0, False
    while i < len(phrase):
        ch = phrase[i]
        if ch == "\\" and i + 1 < len(phrase):
            out.append(phrase[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            while i + 1 < len(phrase) and phrase[i + 1] == " ":
                i += 1
            out.append(r"\s+")
        elif ch == "(" and not phrase.startswith("(?", i):
            out.append("(?:")
        elif ch == "*" and i and phrase[i - 1].isalpha() and (i < 2 or phrase[i - 2] != "\\"):
            out.append(r"\w*")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Vocabulary:
    """Every entry of annotations/rules/*.yml by name (`file entry`, or `entry.key` inside a mapping)."""

    entries: Mapping[str, object]
    files: Mapping[str, str]  # entry -> the file that defines it, for error messages

    @classmethod
    def load(cls, directory: Path) -> Vocabulary:
        entries: dict[str, object] = {}
        files: dict[str, str] = {}
        for path in sorted(directory.glob("*.yml")):
            with open(path, encoding="utf-8") as f:
                data = yaml.load(f, Loader=SAFE_LOADER) or {}  # noqa: S506 (a safe loader)
            if not isinstance(data, dict):
                raise VocabularyError(f"{path.name}: expected a mapping of entry names to phrases")
            if path.name == "verbs.yml":
                data = _verb_roles(path.name, data)
            for name, value in data.items():
                if name in entries:
                    raise VocabularyError(f"{path.name}: {name} is also defined in {files[name]}")
                entries[name] = value
                files[name] = path.name
        vocabulary = cls(entries, files)
        for name in entries:  # every phrase compiles: a broken one is reported now, naming its file
            for key in vocabulary.keys(name):
                try:
                    re.compile(vocabulary.fragment(key))
                except re.error as exc:
                    raise VocabularyError(f"{files[name]}: {key}: {exc}") from None
        return vocabulary

    def keys(self, name: str) -> list[str]:
        """The names that hold phrase lists: the entry itself, or `name.key` for each key of a mapping."""
        value = self.entries[name]
        if isinstance(value, dict):
            return [f"{name}.{key}" for key, phrases in value.items() if isinstance(phrases, list)]
        return [name] if isinstance(value, list) else []

    def phrases(self, key: str) -> tuple[str, ...]:
        name, _, inner = key.partition(".")
        if name not in self.entries:
            raise VocabularyError(f"annotations/rules: no entry {name!r}")
        value = self.entries[name]
        if inner:
            value = value.get(inner) if isinstance(value, dict) else None
        file = self.files.get(name, "annotations/rules")
        if not isinstance(value, list):
            raise VocabularyError(f"{file}: {key} is not a list of phrases")
        for phrase in value:
            if not isinstance(phrase, str) or not phrase:
                raise VocabularyError(f"{file}: {key}: {phrase!r} is not a phrase (YAML reads no, yes, on, off "
                                      f"as true or false: quote them)")
        return tuple(value)

    def mapping(self, name: str) -> dict:
        value = self.entries.get(name)
        if not isinstance(value, dict):
            raise VocabularyError(f"annotations/rules: {name!r} is not a mapping")
        return value

    def words(self, name: str) -> frozenset[str]:
        """The phrases of an entry as a set of lower-case words, for membership tests."""
        return frozenset(p.lower() for p in self.phrases(name))

    def fragment(self, key: str) -> str:
        """The alternation of an entry's phrases, as a non-capturing group."""
        return "(?:" + "|".join(phrase_pattern(p) for p in self.phrases(key)) + ")"

    def compile(self, template: str, flags: int = re.I) -> re.Pattern:
        """`template` with each `{name}` hole filled with that entry's alternation."""
        return re.compile(_HOLE.sub(lambda m: self.fragment(m.group(1)), template), flags)


def _verb_roles(file: str, data: dict) -> dict:
    """verbs.yml's roles as phrase lists: each role's verbs in each of its forms, in order."""
    verbs, roles = data.get("verbs") or {}, data.get("roles") or {}
    for lemma, forms in verbs.items():
        if not isinstance(forms, list) or len(forms) != len(VERB_FORMS):
            raise VocabularyError(f"{file}: verb {lemma!r} needs its {len(VERB_FORMS)} forms: {', '.join(VERB_FORMS)}")
    out = {}
    for role, spec in roles.items():
        phrases = []
        for item in spec.get("verbs", []):  # a verb, or {verb: [forms]} for other forms than the role's
            lemma, forms = next(iter(item.items())) if isinstance(item, dict) else (item, spec.get("forms", []))
            unknown = [str(x) for x in [lemma] if x not in verbs] + [str(f) for f in forms if f not in VERB_FORMS]
            if unknown:
                raise VocabularyError(f"{file}: role {role!r}: {', '.join(unknown)} not among the verbs or forms")
            phrases += [verbs[lemma][VERB_FORMS.index(f)] for f in forms]
        out[role] = list(dict.fromkeys(phrases))
    return out


@dataclass(frozen=True)
class Words:
    """In a grammar: the phrases of a vocabulary entry as a set, for membership tests (case kept)."""

    name: str


class Patterns:
    """A module's grammar compiled with a vocabulary: each template a compiled pattern, each `Words`
    a frozenset, each function of the vocabulary what it returns (for grammar shaped by the data, such
    as one pattern per event); read as attributes (`patterns.replaces`). Built once, with an extractor."""

    def __init__(self, vocabulary: Vocabulary, grammar: Mapping[str, object], flags: int = re.I):
        compiled: dict[str, object] = {}
        for name, template in grammar.items():
            if isinstance(template, Words):
                compiled[name] = frozenset(vocabulary.phrases(template.name))
            elif callable(template):
                compiled[name] = template(vocabulary)
            else:
                try:
                    compiled[name] = vocabulary.compile(template, flags)
                except re.error as exc:
                    raise VocabularyError(f"the grammar of {name!r} with annotations/rules: {exc}") from None
        self.__dict__.update(compiled)

    def __getattr__(self, name: str):  # only called for names the grammar does not define
        raise AttributeError(f"no pattern {name!r} in this grammar")


def grammar(*parts: Mapping[str, object]) -> dict[str, object]:
    """Several modules' grammars as one, each name defined once."""
    out: dict[str, object] = {}
    for part in parts:
        for name, template in part.items():
            if name in out:
                raise ValueError(f"two grammars define {name!r}")
            out[name] = template
    return out
