"""Ingest: every format from fixtures built here, every bad input as an error row."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.ingest import discover, read_document
from pipeline.run import run
from pipeline.settings import ExtractorSpec, Settings
from tests.conftest import rows

ARTICLE = ("Integrated care boards replaced clinical commissioning groups on 1 July 2022. "
           "Each board is accountable to NHS England.")


def read_one(corpus: Path, name: str):
    source = next(s for s in discover(corpus) if s.path == name)
    return read_document(corpus, source)


def test_plain_text_keeps_the_file_as_the_user_sees_it(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Title line\r\n\r\nFirst sentence.\rSecond \xc2\xa0sentence.\n")
    doc = read_one(tmp_path, "a.txt")
    assert doc.ok
    assert doc.text == "Title line\n\nFirst sentence.\nSecond \u00a0sentence.\n"
    assert doc.title == "Title line"


def test_cp1252_with_curly_quotes(tmp_path):
    text = "The \u2018triple aim\u2019 duty \u2013 \u201cbetter health\u201d for \u00a3100m."
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    doc = read_one(tmp_path, "w.txt")
    assert doc.text == text and doc.encoding == "cp1252"


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                          ("utf-8", codecs.BOM_UTF8)])
def test_byte_order_marks(tmp_path, encoding, bom):
    (tmp_path / "u.txt").write_bytes(bom + ARTICLE.encode(encoding))
    doc = read_one(tmp_path, "u.txt")
    assert doc.ok and doc.text == ARTICLE


def test_markdown_front_matter_and_markup(tmp_path):
    (tmp_path / "m.md").write_text(
        "---\ntitle: ICBs explained\npublisher: Example Trust\npublished: 2022-07\nurl: https://example.org/icb\n---\n"
        "# Integrated care boards\n\nIntegrated care boards are **statutory** bodies, see [the Act](https://x.y/z).\n"
        "- They plan services.\n- They fund services.\n", encoding="utf-8")
    doc = read_one(tmp_path, "m.md")
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        "ICBs explained", "Example Trust", "2022-07", "https://example.org/icb")
    assert "**" not in doc.text and "](" not in doc.text and "---" not in doc.text
    assert "Integrated care boards are statutory bodies, see the Act." in doc.text


def test_sidecar_metadata_overrides_nothing_it_does_not_state(tmp_path):
    (tmp_path / "s.txt").write_text("A title\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "s.meta.json").write_text('{"publisher": "Example Publisher", "published": "2021-04"}')
    doc = read_one(tmp_path, "s.txt")
    assert (doc.title, doc.publisher, doc.published, doc.url) == ("A title", "Example Publisher", "2021-04", None)
    assert [s.path for s in discover(tmp_path)] == ["s.txt"]  # the sidecar is not a document


@pytest.mark.parametrize("text,title", [
    ("Care boards and councils\n\nCare boards plan services with councils.", "Care boards and councils"),
    ("# Who runs local health services?\n\nText.", "Who runs local health services?"),
    ("Skip to main content\nMenu\nShare this article\nLong read\nBy Ann Other\n12 March 2024\n"
     "Boards, partnerships and places: a guide\n\nBody text.", "Boards, partnerships and places: a guide"),
    ("We use cookies to make this website work. Accept all\n\u00ab back to news\nHome - News\n\n"
     "Councils join   the care board\n\nBody.", "Councils join the care board"),
    ("Our new strategy is out. Read it here\n\nFunding rules for care boards change\n\nBody.",
     "Funding rules for care boards change"),
])
def test_title_is_the_first_heading_like_line(tmp_path, text, title):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    assert read_one(tmp_path, "t.txt").title == title


@pytest.mark.parametrize("text", [
    "Care boards plan and fund most local health services, and councils keep public health; both sit on the "
    "partnership that writes the area's strategy.\n\nA later heading\n\nMore text.",  # a paragraph first
    "Care boards were set up in 2022.\nThey plan services.\n",  # sentences only
    "Menu\nHome\nSearch\n",  # page clutter only
    "x" * 130 + "\n",  # one overlong line
])
def test_title_without_a_heading_is_the_file_name(tmp_path, text):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "no-heading.txt").write_text(text, encoding="utf-8")
    assert read_one(tmp_path, "sub/no-heading.txt").title == "no-heading.txt"


def test_title_from_metadata_wins(tmp_path):
    (tmp_path / "t.txt").write_text("A heading here\n\nBody text.", encoding="utf-8")
    (tmp_path / "t.meta.json").write_text('{"title": "The sidecar title"}')
    assert read_one(tmp_path, "t.txt").title == "The sidecar title"


HTML_PAGE = """<!doctype html><html><head><title>ICS explainer | Example Health News</title>
<meta property="og:site_name" content="Example Health News"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News menu item</a></li><li>Subscribe today</li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>What integrated care boards do</h1>
<p>Integrated care boards became statutory bodies on 1 July 2022, replacing clinical commissioning groups across England.</p>
<p>Each integrated care board is accountable to NHS England for NHS spending and performance within its boundaries.</p>
<p>Campaigners fear that the large size of the boards reduces local input into decisions about local services.</p>
</article></main>
<footer><p>Copyright 2026 Example Health News. Privacy policy. Terms and conditions.</p></footer>
</body></html>"""


def test_html_main_text_only(tmp_path):
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    doc = read_one(tmp_path, "page.html")
    assert doc.ok, doc.error
    assert "accountable to NHS England" in doc.text
    for boilerplate in ("cookies", "News menu item", "Copyright 2026", "Privacy policy"):
        assert boilerplate not in doc.text


def make_pdf(path: Path, paragraphs: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    pdf.set_title("A PDF briefing")
    pdf.output(str(path))


def test_pdf_text_and_title(tmp_path):
    make_pdf(tmp_path / "brief.pdf", [ARTICLE, "Primary care networks cover around 30-50,000 people."])
    doc = read_one(tmp_path, "brief.pdf")
    assert doc.ok, doc.error
    assert doc.title == "A PDF briefing"
    assert "accountable to NHS England" in " ".join(doc.text.split())
    assert "30-50,000 people" in doc.text


def bad_inputs(corpus: Path) -> dict[str, str]:
    """File name -> a word its error must contain."""
    corpus.mkdir(exist_ok=True)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    make_pdf(corpus / "whole.pdf", [ARTICLE])
    (corpus / "truncated.pdf").write_bytes((corpus / "whole.pdf").read_bytes()[:300])
    (corpus / "whole.pdf").unlink()
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04 not really")
    (corpus / "undecodable.txt").write_bytes(b"Integrated care \x81\x8d\x8f\x90\x9d boards " * 3)
    (corpus / "huge.txt").write_bytes(b"word " * 30_000)  # 150,000 bytes, over the limit used below
    return {"empty.txt": "empty", "binary.txt": "binary", "truncated.pdf": "PDF",
            "slides.pptx": "unsupported", "undecodable.txt": "undecodable", "huge.txt": "too large"}


def test_bad_inputs_become_error_rows_and_the_rest_is_processed(tmp_path):
    corpus = tmp_path / "corpus"
    expected = bad_inputs(corpus)
    (corpus / "good.txt").write_text("Good article\n\n" + ARTICLE, encoding="utf-8")
    db_path = tmp_path / "claims.db"
    summary = run(corpus, db_path, spec=ExtractorSpec(settings=Settings(max_bytes=100_000)))
    assert summary.exit_code == 1
    assert sorted(summary.failed) == sorted(expected)
    errors = dict(rows(db_path, "SELECT path, error FROM documents WHERE status = 'error'"))
    assert set(errors) == set(expected)
    for name, word in expected.items():
        assert word.lower() in errors[name].lower(), (name, errors[name])
        assert "\n" not in errors[name]
    assert rows(db_path, "SELECT path, n_sentences FROM documents WHERE status = 'ok'") == [("good.txt", 3)]


def test_cli_reports_each_failure_in_one_line_and_exits_1(tmp_path):
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--db",
                             str(tmp_path / "c.db")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "error: empty.txt: empty file" in result.stderr
    assert result.stdout.strip().startswith("documents: 1 ok, 1 failed")


def test_same_text_under_two_names_is_one_document(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    db_path = tmp_path / "claims.db"
    run(corpus, db_path)
    assert rows(db_path, "SELECT path, paths FROM documents") == [("a.txt", '["a.txt", "sub/b.txt"]')]
    assert rows(db_path, "SELECT COUNT(*) FROM files") == [(2,)]
