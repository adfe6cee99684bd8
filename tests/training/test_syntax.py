"""The syntactic backbone: treebank conversion, the shipped model's manifest, and parses of sentences written here."""
from __future__ import annotations

import shutil

import pytest
import spacy

from pipeline.training.syntax import (
    MANIFEST,
    MODEL_DIR,
    conllu_documents,
    documents_to_docs,
    genre,
    load_syntax,
    model_manifest,
    parse_doc,
    treebank_splits,
    verify_manifest,
)

# A treebank document written for these tests: a multiword token ("don't") and a passive with its agent.
SAMPLE_DOC = """# newdoc id = demo-{name}
# sent_id = demo-{name}-1
# text = Boards don't meet.
1	Boards	board	NOUN	NNS	Number=Plur	4	nsubj	4:nsubj	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	Mood=Ind|Tense=Pres|VerbForm=Fin	4	aux	4:aux	_
3	n't	not	PART	RB	Polarity=Neg	4	advmod	4:advmod	_
4	meet	meet	VERB	VB	VerbForm=Inf	0	root	0:root	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	4:punct	_

# sent_id = demo-{name}-2
# text = It was set up by law.
1	It	it	PRON	PRP	Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs	3	nsubj:pass	3:nsubj:pass	_
2	was	be	AUX	VBD	Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin	3	aux:pass	3:aux:pass	_
3	set	set	VERB	VBN	Tense=Past|VerbForm=Part|Voice=Pass	0	root	0:root	_
4	up	up	ADP	RP	_	3	compound:prt	3:compound:prt	_
5	by	by	ADP	IN	_	6	case	6:case	_
6	law	law	NOUN	NN	Number=Sing	3	obl:agent	3:obl:agent	SpaceAfter=No
7	.	.	PUNCT	.	_	3	punct	3:punct	_

"""


@pytest.fixture(scope="module")
def nlp():
    return load_syntax(MODEL_DIR)


def deps(nlp, text: str) -> set[tuple[str, str, str]]:
    """(dependent, relation, head) triples of a parse."""
    return {(t.text, t.dep_, t.head.text) for t in nlp(text)}


def test_conllu_documents_split_at_newdoc():
    text = SAMPLE_DOC.format(name="a") + SAMPLE_DOC.format(name="b")
    assert [doc_id for doc_id, _ in conllu_documents(text)] == ["demo-a", "demo-b"]
    with pytest.raises(ValueError, match="newdoc"):
        conllu_documents("# sent_id = x\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n")


def test_multiword_tokens_become_the_words_spacy_splits_them_into():
    (doc,) = documents_to_docs(conllu_documents(SAMPLE_DOC.format(name="a")), "DEMO")
    assert [t.text for t in doc][:5] == ["Boards", "do", "n't", "meet", "."]
    assert doc.text.startswith("Boards don't meet. It was set up by law.")
    assert [t.text for t in spacy.blank("en")("Boards don't meet.")] == ["Boards", "do", "n't", "meet", "."]
    assert doc[2].lemma_ == "not" and doc[0].dep_ == "nsubj" and doc[0].head.text == "meet"
    assert {(t.text, t.dep_) for t in doc} >= {("It", "nsubj:pass"), ("law", "obl:agent")}
    assert doc.user_data == {"treebank": "DEMO", "document": "demo-a", "genre": "demo"}


def test_splits_are_the_released_dev_and_test_and_train_is_every_other_source(tmp_path):
    ud = tmp_path / "UD_English-DEMO"
    sources = ud / "not-to-release" / "sources"
    sources.mkdir(parents=True)
    for name in ("a", "b", "c", "d"):
        (sources / f"{name}.conllu").write_text(SAMPLE_DOC.format(name=name))
    (ud / "en_demo-ud-dev.conllu").write_text(SAMPLE_DOC.format(name="b"))
    (ud / "en_demo-ud-test.conllu").write_text(SAMPLE_DOC.format(name="d"))
    (ud / "en_demo-ud-train.conllu").write_text("")  # listed by a snapshot but not held: ignored
    splits = treebank_splits(ud)
    assert {split: [doc_id for doc_id, _ in docs] for split, docs in splits.items()} == {
        "dev": ["demo-b"], "test": ["demo-d"], "train": ["demo-a", "demo-c"]}
    (ud / "en_demo-ud-test.conllu").unlink()
    with pytest.raises(FileNotFoundError, match="ud-test"):
        treebank_splits(ud)


def test_genres_read_from_document_ids():
    assert genre("GUM_academic_census") == "academic"
    assert genre("weblog-blogspot.com_nominations_20041117172713_ENG_20041117_172713") == "weblog"
    assert genre("answers-20070404104007AAY1Chs_ans") == "answers"
    assert (genre("n01001"), genre("w05004")) == ("news", "wikipedia")


def test_shipped_model_matches_its_manifest():
    assert verify_manifest(MODEL_DIR) == []
    assert {"meta.json", "config.cfg", "metrics.json", "parser/model", "tok2vec/model"} <= set(model_manifest(MODEL_DIR))


def test_a_changed_model_file_is_named_and_refused(tmp_path):
    copy = tmp_path / "syntax"
    shutil.copytree(MODEL_DIR, copy)
    with (copy / "parser" / "model").open("r+b") as handle:
        first = handle.read(1)
        handle.seek(0)
        handle.write(bytes([first[0] ^ 0xFF]))
    assert verify_manifest(copy) == [f"{copy / 'parser/model'}: sha256 differs from {MANIFEST}"]
    with pytest.raises(ValueError, match="parser/model"):
        load_syntax(copy)
    (copy / MANIFEST).unlink()
    assert verify_manifest(copy) == [f"{copy / MANIFEST}: manifest missing"]


def test_tokenizer_is_the_projects_blank_english_one(nlp):
    text = "NHS England's ICBs (e.g. 42 of them) don't cost £3.5bn; see www.example.org/plan-2022."
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in spacy.blank("en").make_doc(text)]


def test_parser_keeps_ud_subtypes(nlp):
    assert {"nsubj", "nsubj:pass", "obl:agent", "obj", "xcomp", "conj", "appos", "aux:pass"} <= set(
        nlp.get_pipe("parser").labels)


def test_passive_subject_and_agent(nlp):
    found = deps(nlp, "The board was created by the Act in 2022.")
    assert {("board", "nsubj:pass", "created"), ("Act", "obl:agent", "created"), ("was", "aux:pass", "created"),
            ("created", "ROOT", "created")} <= found


def test_passive_agent_with_a_multiword_body(nlp):
    found = deps(nlp, "The plan was published by the Department of Health in January.")
    assert {("plan", "nsubj:pass", "published"), ("Department", "obl:agent", "published"),
            ("Health", "nmod", "Department"), ("January", "obl", "published")} <= found


def test_active_subject_object_with_lemmas_and_tags(nlp):
    doc = nlp("The new boards replaced the old groups.")
    assert {(t.text, t.dep_, t.head.text) for t in doc} >= {
        ("boards", "nsubj", "replaced"), ("groups", "obj", "replaced"), ("replaced", "ROOT", "replaced")}
    by_text = {t.text: t for t in doc}
    assert by_text["replaced"].pos_ == "VERB" and by_text["replaced"].lemma_ == "replace"
    assert by_text["boards"].lemma_ == "board" and by_text["boards"].morph.get("Number") == ["Plur"]
    assert by_text["groups"].tag_ == "NNS"


def test_coordinated_verbs_share_the_subject_and_keep_their_objects(nlp):
    found = deps(nlp, "The Act abolished clinical commissioning groups and created integrated care boards.")
    assert {("Act", "nsubj", "abolished"), ("groups", "obj", "abolished"), ("created", "conj", "abolished"),
            ("boards", "obj", "created")} <= found


def test_control_verb_takes_an_open_complement(nlp):
    found = deps(nlp, "The councils agreed to publish a joint plan.")
    assert {("councils", "nsubj", "agreed"), ("publish", "xcomp", "agreed"), ("plan", "obj", "publish")} <= found


def test_coordination_and_bracketed_acronym_apposition(nlp):
    assert ("doctors", "conj", "nurses") in deps(nlp, "The trust hired nurses and doctors.")
    found = deps(nlp, "Integrated care boards (ICBs) replaced clinical commissioning groups in July 2022.")
    assert {("ICBs", "appos", "boards"), ("groups", "obj", "replaced")} <= found


# Known errors of the shipped model (trained on EWT alone, see models/README.md): strict, so a
# model that fixes them turns these red and the marker is removed.
@pytest.mark.xfail(strict=True, reason="a bare plural subject + past verb is read as a reduced relative clause")
def test_headline_like_clause_without_determiners(nlp):
    found = deps(nlp, "Integrated care boards replaced clinical commissioning groups.")
    assert {("boards", "nsubj", "replaced"), ("groups", "obj", "replaced")} <= found


@pytest.mark.xfail(strict=True, reason="comma appositions are the weakest relation (test F about 0.3)")
def test_comma_apposition_to_a_name(nlp):
    found = deps(nlp, "NHS England, the national body, oversees 42 integrated care systems.")
    assert {("body", "appos", "England"), ("England", "nsubj", "oversees"), ("systems", "obj", "oversees")} <= found


def test_runs_on_docs_of_the_project_sentence_pipeline_keeping_its_sentences():
    from pipeline.text.sentences import parse, sentence_nlp

    project = sentence_nlp()
    syntax = load_syntax(MODEL_DIR, vocab=project.vocab)
    # no full stop after "Monday": the project's sentencizer keeps one sentence, and so must the parser
    text = "Key duties\nThe board was created by the Act in 2022. It met on Monday it replaced the old groups."
    doc = parse(text, project)
    sentences_before = [s.text for s in doc.sents]
    assert len(sentences_before) == 3
    doc = parse_doc(syntax, doc)
    assert [s.text for s in doc.sents] == sentences_before
    assert {(t.text, t.dep_, t.head.text) for t in doc} >= {("board", "nsubj:pass", "created"),
                                                             ("groups", "obj", "replaced")}
    with pytest.raises(ValueError, match="vocab"):
        parse_doc(load_syntax(MODEL_DIR), parse(text, sentence_nlp()))


def test_a_non_commercial_treebank_is_refused_for_training(tmp_path):
    from pipeline.training.syntax import readme_field, train_syntax

    ud = tmp_path / "UD_English-DEMO"
    ud.mkdir()
    (ud / "README.md").write_text("# Summary\n\nDemo.\n\nLicense: CC BY-NC-SA 4.0\nContributors: Doe, Jane\n")
    assert readme_field(ud, "License") == "CC BY-NC-SA 4.0" and readme_field(ud, "Contributors") == "Doe, Jane"
    with pytest.raises(ValueError, match="non-commercial"):
        train_syntax([ud], out_dir=tmp_path / "model", work_dir=tmp_path / "work")
    assert not (tmp_path / "model").exists() and not (tmp_path / "work").exists()
