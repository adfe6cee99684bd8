"""Syntax: Universal Dependencies English treebanks in, a small spaCy pipeline out.

No pretrained English pipeline can be installed here, so the project trains its own
tagger (XPOS), morphologizer (UPOS + features), edit-tree lemmatizer and dependency
parser (UD labels with their subtypes: nsubj:pass, obl:agent, ...) on Universal
Dependencies English treebanks (the shipped model: UD_English-EWT; GUM's licence is
non-commercial, see models/README.md), with the hyperparameters of `models/syntax.cfg`.
The trained pipeline is committed in `models/syntax/` with its metrics and a sha256
manifest, so `make` and CI check it without the treebanks.

Splits are the treebanks' own, by document: dev and test are the documents of the
released `*-ud-dev.conllu` / `*-ud-test.conllu`; train is the released train file when
present, else every document of `not-to-release/sources/` that is in neither (a
snapshot may list the large train file without holding it).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.converters import conllu_to_docs

from .. import paths
from ..text.parse import load_syntax, parse_doc  # noqa: F401 (re-exported)
from ..version import MANIFEST, model_manifest, verify_manifest  # noqa: F401 (re-exported)

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "models" / "syntax.cfg"
MODEL_DIR = paths.SYNTAX
METRICS = "metrics.json"
SENTENCES_PER_DOC = 10  # treebank sentences per training Doc: enough context, short enough to batch
SPLITS = ("train", "dev", "test")
# the relations claim rules read; their LAS is reported one by one
KEY_RELATIONS = ("nsubj", "nsubj:pass", "obl:agent", "obj", "iobj", "xcomp", "ccomp", "conj", "appos",
                 "acl:relcl", "advcl", "nmod", "obl", "compound", "amod", "nummod", "ROOT")
_NEWDOC = re.compile(r"^# newdoc id\s*=\s*(\S+)", re.M)


# ---------------------------------------------------------------- treebank reading

def conllu_documents(text: str) -> list[tuple[str, str]]:
    """(document id, CoNLL-U text) for each `# newdoc id` block of a CoNLL-U text."""
    starts = [m.start() for m in _NEWDOC.finditer(text)]
    if not starts:
        raise ValueError("no '# newdoc id' line: cannot split into documents")
    bounds = starts + [len(text)]
    return [(_NEWDOC.match(text, s).group(1), text[s:e].strip() + "\n") for s, e in zip(bounds, bounds[1:])]


def treebank_name(ud_dir: Path) -> str:
    """'EWT' for a folder UD_English-EWT (the part after the last hyphen)."""
    return ud_dir.resolve().name.rsplit("-", 1)[-1]


def genre(doc_id: str) -> str:
    """The genre a document id carries: EWT 'weblog-...', GUM 'GUM_academic_...', PUD 'n01001' (news) / 'w01001'."""
    if doc_id.startswith("GUM_"):
        return doc_id.split("_")[1]
    if re.fullmatch(r"[nw]\d+", doc_id):
        return {"n": "news", "w": "wikipedia"}[doc_id[0]]
    return re.split(r"[-_]", doc_id, maxsplit=1)[0]


def _released(ud_dir: Path, split: str) -> Path | None:
    files = sorted(ud_dir.glob(f"*-ud-{split}.conllu"))
    return files[0] if files and files[0].stat().st_size > 0 else None


def split_documents(ud_dir: Path, split: str) -> list[tuple[str, str]]:
    """[(document id, CoNLL-U text)] of one split, by the treebank's official document split.

    Dev and test are the released files. Train is the released file when it is there,
    else every document of not-to-release/sources/ that is neither dev nor test.
    """
    released = _released(ud_dir, split)
    if released is not None:
        return conllu_documents(released.read_text(encoding="utf-8"))
    if split != "train":
        raise FileNotFoundError(f"{ud_dir}: no *-ud-{split}.conllu: cannot tell which documents are held out")
    held_out = {doc_id for held in ("dev", "test") for doc_id, _ in split_documents(ud_dir, held)}
    sources = sorted((ud_dir / "not-to-release" / "sources").rglob("*.conllu"))
    if not sources:
        raise FileNotFoundError(f"{ud_dir}: neither *-ud-train.conllu nor not-to-release/sources/*.conllu")
    return [doc for path in sources for doc in conllu_documents(path.read_text(encoding="utf-8"))
            if doc[0] not in held_out]


def treebank_splits(ud_dir: Path, splits: tuple[str, ...] = SPLITS) -> dict[str, list[tuple[str, str]]]:
    """{split: [(document id, CoNLL-U text)]}; refuses a train split that shares a document with dev or test."""
    result = {split: split_documents(ud_dir, split) for split in splits}
    if "train" in result:
        held_out = {doc_id for split in ("dev", "test")
                    for doc_id, _ in (result[split] if split in result else split_documents(ud_dir, split))}
        leaked = {doc_id for doc_id, _ in result["train"]} & held_out
        if leaked:
            raise ValueError(f"{ud_dir}: train documents also held out: {sorted(leaked)[:5]}")
    return result


def documents_to_docs(documents: list[tuple[str, str]], treebank: str) -> list[Doc]:
    """spaCy Docs of `SENTENCES_PER_DOC` sentences, never crossing a document.

    Multiword tokens are kept as their syntactic words ("don't" -> do + n't, "cannot" ->
    can + not), which is how spaCy's English tokenizer splits them too.
    """
    docs: list[Doc] = []
    for doc_id, conllu in documents:
        for doc in conllu_to_docs(conllu, n_sents=SENTENCES_PER_DOC, merge_subtokens=False, no_print=True):
            doc.user_data.update({"treebank": treebank, "document": doc_id, "genre": genre(doc_id)})
            docs.append(doc)
    return docs


def convert_treebanks(ud_dirs: list[Path], work_dir: Path, test_only: list[Path] = ()) -> dict[str, Path]:
    """Write train.spacy and dev.spacy (all of ud_dirs) and test-<TREEBANK>.spacy (each, and each of test_only)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    bins = {"train": DocBin(store_user_data=True), "dev": DocBin(store_user_data=True)}
    paths: dict[str, Path] = {}
    for ud_dir in [*ud_dirs, *test_only]:
        name = treebank_name(ud_dir)
        splits = treebank_splits(ud_dir, SPLITS if ud_dir in ud_dirs else ("test",))
        if ud_dir in ud_dirs:
            for split in ("train", "dev"):
                for doc in documents_to_docs(splits[split], name):
                    bins[split].add(doc)
        test = DocBin(store_user_data=True, docs=documents_to_docs(splits["test"], name))
        paths[f"test-{name}"] = work_dir / f"test-{name}.spacy"
        test.to_disk(paths[f"test-{name}"])
    for split, docbin in bins.items():
        paths[split] = work_dir / f"{split}.spacy"
        docbin.to_disk(paths[split])
    return paths


def _commit(ud_dir: Path) -> str | None:
    """The treebank's commit: from a COMMIT file written at extraction, or its git checkout."""
    if (ud_dir / "COMMIT").exists():
        return (ud_dir / "COMMIT").read_text().strip()
    if (ud_dir / ".git").exists():
        import subprocess

        return subprocess.run(["git", "-C", str(ud_dir), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    return None


def readme_field(ud_dir: Path, name: str) -> str | None:
    """A metadata line of a UD treebank's README ("License: CC BY-SA 4.0" -> "CC BY-SA 4.0")."""
    readme = ud_dir / "README.md"
    found = re.search(rf"^{name}:\s*(.+)$", readme.read_text(encoding="utf-8"), re.M) if readme.exists() else None
    return found.group(1).strip() if found else None


def treebank_record(ud_dir: Path, splits: tuple[str, ...] = SPLITS) -> dict:
    """What was used from one treebank, for attribution: name, commit, licence, contributors, sizes per split.

    The licence and contributors are read from the treebank's README metadata lines
    ("License: ...", "Contributors: ..."); the commit from a COMMIT file written beside it
    when it was extracted (see models/README.md).
    """
    documents_by_split = treebank_splits(ud_dir, splits)
    record = {"treebank": ud_dir.resolve().name,
              "url": f"https://github.com/UniversalDependencies/{ud_dir.resolve().name}",
              "commit": _commit(ud_dir),
              "license": readme_field(ud_dir, "License"), "contributors": readme_field(ud_dir, "Contributors")}
    for split, documents in documents_by_split.items():
        sentences = sum(1 for _, conllu in documents for block in conllu.split("\n\n") if block.strip())
        words = sum(1 for _, conllu in documents for line in conllu.splitlines() if re.match(r"^\d+\t", line))
        record[split] = {"documents": len(documents), "sentences": sentences, "words": words}
    return record


# ---------------------------------------------------------------- training

def train_model(config: Path, train: Path, dev: Path, output: Path) -> Path:
    """Train with spaCy from `config`; return the best checkpoint's folder (by dev score)."""
    from spacy.cli.train import train as spacy_train

    spacy_train(config, output, use_gpu=-1, overrides={"paths.train": str(train), "paths.dev": str(dev)})
    return output / "model-best"


def train_syntax(ud_dirs: list[Path], out_dir: Path = MODEL_DIR, work_dir: Path | None = None,
                 config: Path = CONFIG, speed_texts: list[str] | None = None, test_only: list[Path] = (),
                 allow_noncommercial: bool = False) -> dict:
    """Convert the treebanks, train, evaluate on test, ship the model to out_dir; return its metrics.

    work_dir (default: a sibling of the first treebank, outside the repository) holds the
    DocBins and checkpoints, which are never shipped. test_only: treebanks whose test
    split is scored but nothing else used. speed_texts (e.g. the corpus articles) are
    parsed to measure words per second. A treebank under a non-commercial licence
    (UD_English-GUM: CC BY-NC-SA 4.0) is refused for training unless allow_noncommercial.
    """
    ud_dirs = [Path(d) for d in ud_dirs]
    test_only = [Path(d) for d in test_only]
    for ud_dir in ud_dirs:
        licence = readme_field(ud_dir, "License") or ""
        if re.search(r"\bNC\b", licence) and not allow_noncommercial:
            raise ValueError(f"{ud_dir}: licence {licence} is non-commercial and would bind the shipped model; "
                             "score it with test_only, or pass allow_noncommercial=True")
    work_dir = Path(work_dir) if work_dir else ud_dirs[0].resolve().parent / "syntax-work"
    started = time.perf_counter()
    paths = convert_treebanks(ud_dirs, work_dir, test_only)
    best = train_model(config, paths["train"], paths["dev"], work_dir / "training")
    return ship_model(best, out_dir, ud_dirs, paths, config=config, test_only=test_only,
                      training_seconds=time.perf_counter() - started, speed_texts=speed_texts)


def ship_model(checkpoint: Path, out_dir: Path, ud_dirs: list[Path], paths: dict[str, Path], *,
               config: Path = CONFIG, test_only: list[Path] = (), training_seconds: float | None = None,
               speed_texts: list[str] | None = None) -> dict:
    """Copy a trained checkpoint to out_dir, evaluate it on each treebank's test split, write metrics and manifest."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(checkpoint, out_dir)
    trim_strings(out_dir)
    nlp = load_syntax(out_dir, verify=False)
    metrics = {
        "treebanks": [treebank_record(Path(d)) for d in ud_dirs],  # trained on (train + dev for model selection)
        "test_only_treebanks": [treebank_record(Path(d), ("test",)) for d in test_only],
        "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest(),
        "training_seconds": round(training_seconds) if training_seconds is not None else None,
        "test": {name.removeprefix("test-"): evaluate_treebank(nlp, path)
                 for name, path in sorted(paths.items()) if name.startswith("test-")},
        "size_bytes": model_size(out_dir),
    }
    if speed_texts:
        metrics["speed"] = parse_speed(nlp, speed_texts)
    _describe(out_dir, metrics["treebanks"])
    write_metrics(out_dir, metrics)
    return metrics


def trim_strings(model_dir: Path) -> int:
    """Keep in vocab/strings.json only the strings the model needs; return how many.

    Training leaves every word form of the treebanks in the string store (a tenth of the
    model's size). What the model needs: its components' labels, the strings of the
    lemmatizer's edit trees (stored as hashes) and what the components add on loading.
    """
    nlp = spacy.load(model_dir)
    needed: set[str] = set()
    for _, component in nlp.pipeline:
        needed |= {label for label in getattr(component, "labels", ()) if isinstance(label, str)}
        trees = getattr(component, "trees", None)
        if trees is not None:
            needed |= {nlp.vocab.strings[tree[key]] for tree in (trees[i] for i in range(len(trees)))
                       for key in ("orig", "subst") if key in tree}
    strings_path = model_dir / "vocab" / "strings.json"
    strings_path.write_text("[]")
    needed |= set(spacy.load(model_dir).vocab.strings)
    strings_path.write_text(json.dumps(sorted(needed), ensure_ascii=False, indent=0) + "\n")
    return len(needed)


def _describe(model_dir: Path, treebanks: list[dict]) -> None:
    """Name the model and credit the treebanks in its meta.json (their licences bind the model)."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({
        "name": "policy_claims_syntax", "version": "1.0.0",
        "description": "Tagger, morphologizer, lemmatizer and UD dependency parser for policy-claims, "
                       "trained on " + " + ".join(t["treebank"] for t in treebanks) + " (see models/README.md).",
        "license": " + ".join(sorted({t["license"] or "unknown" for t in treebanks})),
        "sources": [{"name": t["treebank"], "url": t["url"], "license": t["license"], "author": t["contributors"],
                     "commit": t["commit"]} for t in treebanks],
    })
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")


def write_metrics(model_dir: Path, metrics: dict) -> None:
    """metrics.json beside the model, then the manifest over everything shipped."""
    (model_dir / METRICS).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    write_manifest(model_dir)


# ---------------------------------------------------------------- evaluation

def _scores(nlp: Language, examples: list[Example]) -> dict:
    scores = nlp.evaluate(examples)
    per_type = scores.get("dep_las_per_type") or {}
    names = {"upos": "pos_acc", "xpos": "tag_acc", "morph": "morph_acc", "lemma": "lemma_acc", "uas": "dep_uas",
             "las": "dep_las"}
    return {
        **{name: round(scores[key], 4) for name, key in names.items()},
        "las_per_relation": {rel: round(per_type[rel]["f"], 4) for rel in KEY_RELATIONS if rel in per_type},
        "words": sum(len(eg.reference) for eg in examples),
    }


def sentence_examples(nlp: Language, docs: list[Doc], gold_tokens: bool) -> list[Example]:
    """One Example per treebank sentence, tokenised by the treebank or by the project's tokenizer.

    Sentences are given one at a time in both cases, so the two scores differ by
    tokenisation alone (the project splits sentences itself, before parsing).
    """
    examples = []
    for doc in docs:
        for sent in doc.sents:
            reference = sent.as_doc()
            if gold_tokens:
                predicted = Doc(nlp.vocab, words=[t.text for t in reference],
                                spaces=[bool(t.whitespace_) for t in reference])
            else:
                predicted = nlp.make_doc(reference.text)
            examples.append(Example(predicted, reference))
    return examples


def tokenisation_mismatches(examples: list[Example]) -> tuple[float, Counter]:
    """Share of treebank words the tokenizer does not give one-to-one, and the commonest cases."""
    total, mismatched, cases = 0, 0, Counter()
    for eg in examples:
        y2x = eg.alignment.y2x
        x2y_lengths = eg.alignment.x2y.lengths
        for i, token in enumerate(eg.reference):
            total += 1
            predicted = [int(j) for j in y2x[i]]
            if len(predicted) != 1 or x2y_lengths[predicted[0]] != 1:
                mismatched += 1
                cases[(token.text, " ".join(eg.predicted[j].text for j in predicted))] += 1
    return (mismatched / total if total else 0.0), cases


def evaluate_treebank(nlp: Language, docbin_path: Path) -> dict:
    """Scores on one test DocBin: gold and project tokenisation, per genre, and the mismatches."""
    docs = list(DocBin().from_disk(docbin_path).get_docs(nlp.vocab))
    result: dict = {}
    for label, gold_tokens in (("gold_tokens", True), ("project_tokens", False)):
        examples = sentence_examples(nlp, docs, gold_tokens)
        result[label] = _scores(nlp, examples)
        if not gold_tokens:
            rate, cases = tokenisation_mismatches(examples)
            result["tokenisation"] = {"mismatched_word_share": round(rate, 4),
                                      "commonest": [f"{gold!r} -> {pred!r} x{n}" for (gold, pred), n in cases.most_common(15)]}
    by_genre: dict[str, list[Doc]] = {}
    for doc in docs:
        by_genre.setdefault(doc.user_data.get("genre", "?"), []).append(doc)
    result["per_genre_project_tokens"] = {
        name: {k: v for k, v in _scores(nlp, sentence_examples(nlp, genre_docs, False)).items() if k != "las_per_relation"}
        for name, genre_docs in sorted(by_genre.items())}
    return result


def parse_speed(nlp: Language, texts: list[str], repeats: int = 3) -> dict:
    """Words (non-space tokens) per second, best of `repeats`, for the pipeline and the bare tokenizer."""
    def best(run) -> float:
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            timings.append(time.perf_counter() - start)
        return min(timings)

    words = sum(1 for doc in nlp.tokenizer.pipe(texts) for t in doc if not t.is_space)
    pipeline_s = best(lambda: list(nlp.pipe(texts)))
    tokenizer_s = best(lambda: list(nlp.tokenizer.pipe(texts)))
    return {"words": words, "words_per_second": round(words / pipeline_s),
            "tokenizer_words_per_second": round(words / tokenizer_s)}


def model_size(model_dir: Path) -> int:
    """Bytes on disk of the shipped files."""
    return sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())


# ---------------------------------------------------------------- shipping

def write_manifest(model_dir: Path = MODEL_DIR) -> Path:
    """MANIFEST.sha256 in `sha256sum` format, so `sha256sum -c` can check it too."""
    path = model_dir / MANIFEST
    path.write_text("".join(f"{digest}  {name}\n" for name, digest in model_manifest(model_dir).items()))
    return path
