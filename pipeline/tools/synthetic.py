"""Synthetic corpora for benchmarks only: N documents recombined from the corpus's sentences,
with dates, figures and bodies varied, deterministic for a seed.

    python -m pipeline synthetic --n 1000 --out /tmp/synthetic --seed 1
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from ..ingest import discover, read_document
from ..text.sentences import sentence_nlp, split_sentences

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})*\b")
BODY_SWAPS = [("integrated care boards", "integrated care systems", "clinical commissioning groups",
               "primary care networks", "provider collaboratives", "local authorities"),
              ("NHS England", "NHS Improvement", "the Care Quality Commission", "the Department of Health and Social Care")]


def corpus_sentences(corpus: Path) -> list[str]:
    out, nlp = [], sentence_nlp()
    for source in discover(corpus):
        document = read_document(corpus, source)
        if document.ok:
            out += [s.text for s in split_sentences(document.text, nlp)]
    return out


def vary(sentence: str, rng: random.Random) -> str:
    """The sentence with its years, figures and some body names changed."""
    sentence = _YEAR.sub(lambda m: str(rng.randint(2012, 2026)), sentence)
    sentence = _NUMBER.sub(lambda m: f"{rng.randint(2, 60) if len(m.group()) < 3 else rng.randint(10, 900) * 1000:,}"
                           if not _YEAR.fullmatch(m.group()) else m.group(), sentence)
    for group in BODY_SWAPS:
        for name in group:
            if name in sentence and rng.random() < 0.3:
                sentence = sentence.replace(name, rng.choice(group), 1)
    return sentence


def generate(corpus: Path, out: Path, n: int, seed: int = 1, sentences_per_doc: tuple[int, int] = (15, 45)) -> int:
    """Write `n` documents into `out`; returns the number of words written."""
    rng = random.Random(seed)
    pool = corpus_sentences(corpus)
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        chosen = [vary(rng.choice(pool), rng) for _ in range(rng.randint(*sentences_per_doc))]
        paragraphs = [" ".join(chosen[j:j + 3]) for j in range(0, len(chosen), 3)]
        text = f"Synthetic briefing {i}\n\n" + "\n\n".join(paragraphs) + "\n"
        (out / f"synthetic-{i:06}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words
