"""In a real browser: Playwright driving Debian's Chromium against the served Datasette, as a reader
clicks through it. Screenshots go to tests/artifacts/ (the README shows two of them, copied to docs/).

Without Chromium these tests fail, saying how to install it; `make test` checks first.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.paths import ROOT
from pipeline.resident import OFF, resident_mapper
from pipeline.run import run
from pipeline.settings import SHIPPED
from pipeline.web.serve import config_path_for, datasette_command
from tests.conftest import rows
from tests.web.test_datasette import write_fixture_corpus

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
INSTALL = "sudo apt-get install chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`make serve`'s Datasette command on a database, on a free port; stopped by `stop`. With
    `whole`, `make serve` itself (`python -m pipeline serve`), which also keeps a resident extractor."""

    def __init__(self, db: Path, whole: bool = False):
        self.db, port, self.config = db, free_port(), None if whole else config_path_for(db)
        command = ([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)] if whole
                   else datasette_command(db, port, self.config))
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/-/versions.json", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail("datasette did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.config is not None:
            shutil.rmtree(self.config.parent, ignore_errors=True)  # config_path_for's private folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The small fixture corpus, with a hostile page."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "claims.db"
    assert run(write_fixture_corpus(tmp / "corpus"), db).exit_code == 0
    started = Server(db)
    yield started.base
    started.stop()


@pytest.fixture(scope="module")
def seeds(seed_db):
    """The seed corpus: the pages as a reader of the README sees them."""
    started = Server(seed_db)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: install it with `{INSTALL}` "
                    "(or deselect them with -m 'not browser')", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def texts(locator) -> list[str]:
    return [" ".join(t.split()) for t in locator.all_inner_texts()]


# --- the seed corpus, as the README shows it --------------------------------------------------

def test_home_page_leads_with_questions(seeds, page):
    page.goto(seeds.base + "/")
    assert page.title() == "policy-claims"
    assert page.locator("h1").first.inner_text() == "policy-claims"
    statuses = [s.get_attribute("id") for s in page.locator("section.pc-status-group").all()]
    assert statuses == ["disputed", "changed", "differ", "consensus"]
    disputed = page.locator("section#disputed li").first.inner_text()
    assert re.match(r"When was the NHS Long Term Plan published\? January 2019: \d+ documents · February 2019: 1 document",
                    " ".join(disputed.split())), disputed
    for link in ("Contradictions", "Agreements", "Timeline", "Find a document by its title"):
        assert page.get_by_role("link", name=link).count() >= 1, link
    shot(page, "home")


def test_question_page_positions_lead_to_sentences(seeds, page):
    page.goto(seeds.base + "/")
    page.locator("section#disputed li a").first.click()
    page.wait_for_load_state()
    assert re.search(r"/claims/question/\d+$", page.url)
    assert page.title() == "When was the NHS Long Term Plan published?"
    assert texts(page.locator("section.pc-position .pc-value")) == ["January 2019", "February 2019"]
    assert page.locator("section#contradict table.pc-pairs tbody tr").count() >= 1
    shot(page, "question")
    february = page.locator("section.pc-position").nth(1)
    sentence = february.locator("a.pc-sentence").first
    said = " ".join(sentence.inner_text().split())
    sentence.click()
    page.wait_for_load_state()
    assert " ".join(page.locator(".pc-focus").inner_text().split()) == said


def test_contradiction_row_leads_to_both_contexts(seeds, page):
    page.goto(seeds.base + "/claims/contradictions")
    title = page.title()  # the count is left out when it takes longer than the time limit (a loaded machine)
    assert re.fullmatch(r"Contradictions between documents(: \d+ rows)? · claims", title), title
    table = page.locator("table.rows-and-columns")
    body = table.inner_text()
    assert "NHS Long Term Plan" in body and "January 2019" in body and "February 2019" in body
    assert table.locator("mark.ent-DATE").count() >= 2
    assert "dated event" in texts(table.locator("td.col-predicate")) and "publication" in texts(table.locator("td.col-event"))
    shot(page, "contradictions")
    first = table.locator("tbody tr").first
    other = first.locator("td.col-sentence_b a.pc-sentence").inner_text()
    first.locator("td.col-sentence_a a.pc-sentence").click()
    page.wait_for_load_state()
    assert "/claims/sentence/" in page.url
    assert page.locator(".pc-focus mark.ent-DATE").count() >= 1
    assert page.locator(".pc-context-sentence").count() >= 3  # the sentences around it
    assert other in " ".join(texts(page.locator("table.pc-pairs")))  # the other side, one click away
    page.locator("table.pc-pairs a.pc-sentence").first.click()
    page.wait_for_load_state()
    assert "January 2019" in page.locator(".pc-focus").inner_text()
    shot(page, "sentence")


def test_pair_views_page_through_every_row(seeds, page):
    total = rows(seeds.db, "SELECT COUNT(*) FROM agreements")[0][0]
    page.goto(seeds.base + "/claims/agreements?_size=50")
    seen = page.locator("table.rows-and-columns tbody tr").count()
    while page.get_by_role("link", name="Next page").count():
        page.get_by_role("link", name="Next page").click()
        page.wait_for_load_state()
        seen += page.locator("table.rows-and-columns tbody tr").count()
    assert seen == total > 50


def test_claim_and_document_links(seeds, page):
    page.goto(seeds.base + "/claims/contradictions")
    page.locator("td.col-claim_b a").first.click()
    page.wait_for_load_state()
    assert "/claims/claim/" in page.url
    assert page.locator("h1").inner_text().startswith("NHS Long Term Plan: publication")
    page.locator(".pc-from a").first.click()  # the document's text
    page.wait_for_load_state()
    assert re.search(r"/claims/document/\d+$", page.url)
    assert page.locator(".pc-text-sentence").count() > 20
    page.locator("a.pc-claims-link").first.click()
    page.wait_for_load_state()
    assert "/claims/sentence/" in page.url and page.locator(".pc-claim").count() >= 1


def test_document_report(seeds, page):
    doc = rows(seeds.db, "SELECT id FROM documents WHERE title LIKE 'Explainer%'")[0][0]
    page.goto(f"{seeds.base}/claims/document/{doc}")
    page.get_by_role("link", name="How this document compares with the others").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/claims/document/{doc}/report")
    headings = texts(page.locator("section.pc-report-section h2"))
    assert headings == ["Contradicts", "Changed", "Differs", "Agrees with", "Says alone"]
    contradicts = " ".join(page.locator("#contradict").inner_text().split())
    assert "When was the NHS Long Term Plan published? It says January 2019" in contradicts
    assert "February 2019: Integrated care systems: the next step in collaborative working" in contradicts
    assert page.locator("#agree .pc-report-question").count() >= 3
    assert page.locator("#alone li").count() >= 1
    page.locator("#contradict .pc-others a").first.click()  # the other document's sentence, in its context
    page.wait_for_load_state()
    assert "February 2019" in page.locator(".pc-focus").inner_text()
    page.go_back()
    shot(page, "report")


def test_lookups_by_title_and_by_any_alias(seeds, page):
    page.goto(seeds.base + "/claims/find_document?title=explainer")
    page.locator("td.col-document_id a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Explainer: Integrated Care Systems (ICS)"
    for wording in ("Clinical Commissioning Groups", "CCGs", "clinical commissioning group"):
        page.goto(seeds.base + "/claims/body?body=" + wording.replace(" ", "+"))
        claims = texts(page.locator("td.col-claim"))
        assert any("clinical commissioning group" in c.lower() for c in claims), wording
        assert any("integrated care board replaces clinical commissioning group" in c.lower() for c in claims), wording


def test_titles_are_headings_or_file_names(seeds, page):
    """A document without metadata is titled by its first heading-like line, else its file name,
    never its first paragraph: in the documents table, the pairs' columns and the charts' legends."""
    page.goto(seeds.base + "/claims/documents?_col=title")
    titles = texts(page.locator("td.col-title"))
    assert "002_6a4d8e7bf8746e10.txt" in titles and "What are integrated care systems?" in titles
    assert all(len(t) <= 120 for t in titles), titles
    page.goto(seeds.base + "/-/dashboards/claims")
    page.wait_for_selector("svg.marks", timeout=15000)
    legend = [t.strip() for t in page.locator("svg g.role-legend-label text").all_text_contents()]
    assert "002_6a4d8e7bf8746e10.txt" in legend


def test_words_not_keys(seeds, page):
    page.goto(seeds.base + "/claims/claims?predicate=has_duty&_size=100")
    objects = texts(page.locator("td.col-object"))
    assert "plan and fund NHS services for a population" in objects and "plan_and_fund_services" not in objects
    assert set(texts(page.locator("td.col-predicate"))) == {"has a duty"}
    page.goto(seeds.base + "/claims/populations")
    people = texts(page.locator("td.col-people_min")) + texts(page.locator("td.col-people_max"))
    assert "500,000" in people and not any(p.endswith(".0") for p in people)
    page.goto(seeds.base + "/claims/timeline")
    assert page.title() == "Timeline of dated events across documents · claims"
    assert "January 2019" in texts(page.locator("td.col-date"))


def test_search_highlights_the_term(seeds, page):
    page.goto(seeds.base + "/")
    page.fill("input[name=q]", "autonomy")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "/claims/search?q=autonomy" in page.url
    hits = texts(page.locator("mark.hit"))
    assert hits and {h.lower() for h in hits} == {"autonomy"}
    assert "start_char" not in page.content()
    shot(page, "search")


def test_timeline_axis_shows_years(seeds, page):
    page.goto(seeds.base + "/-/dashboards/claims")
    page.wait_for_selector("svg.marks", timeout=15000)
    page.wait_for_timeout(500)
    labels = [t.strip() for t in page.locator("svg g.role-axis-label text").all_text_contents()]
    dated = [label for label in labels if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label)]
    assert dated, labels
    shot(page, "dashboard")


# --- a running server sees a new document after the pipeline runs ------------------------------

ADDED = ("Added briefing\n\nThe NHS Long Term Plan was published in March 2019.\n"
         "Integrated care boards are accountable to NHS England.\n")


def test_running_server_shows_a_document_added_after_a_run(seed_copy, tmp_path, page, monkeypatch):
    """`make serve` running, a document dropped into the corpus, the pipeline run as `make` runs it:
    a reload shows the new document, its claims in the questions and its report, with no restart;
    the run's document went to the resident extractor that `make serve` keeps."""
    monkeypatch.delenv(OFF, raising=False)
    db = tmp_path / "claims.db"
    assert run(seed_copy, db).exit_code == 0
    server = Server(db, whole=True)
    try:
        page.goto(server.base + "/")
        assert "March 2019" not in page.locator("section#disputed").inner_text()
        (seed_copy / "added.txt").write_text(ADDED, encoding="utf-8")
        deadline = time.monotonic() + 120
        while resident_mapper(db, SHIPPED) is None:  # the resident builds its extractor beside Datasette
            assert time.monotonic() < deadline, "make serve started no resident extractor"
            time.sleep(0.2)
        done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--corpus", str(seed_copy), "--db", str(db)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "1 processed" in done.stdout and done.stdout.strip().endswith("(resident extractor)"), done.stdout
        page.reload()
        disputed = " ".join(page.locator("section#disputed").inner_text().split())
        assert "When was the NHS Long Term Plan published?" in disputed and "March 2019: 1 document" in disputed
        page.goto(server.base + "/claims/find_document?title=added")
        page.locator("td.col-report a").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Added briefing: how it compares"
        contradicts = " ".join(page.locator("#contradict").inner_text().split())
        assert "When was the NHS Long Term Plan published? It says March 2019" in contradicts
        assert "January 2019:" in contradicts and "February 2019:" in contradicts
        assert "Is an integrated care board accountable to NHS England?" in page.locator("#agree").inner_text()
        shot(page, "live-update-report")
    finally:
        server.stop()


# --- hostile text -----------------------------------------------------------------------------

def test_hostile_document_runs_nothing(server, page):
    import json

    with urllib.request.urlopen(server + "/claims/documents.json?_shape=array&path=hostile.txt") as response:
        hostile_id = json.load(response)[0]["id"]
    for path in (f"/claims/documents/{hostile_id}", f"/claims/document/{hostile_id}",
                 f"/claims/document/{hostile_id}/report", "/claims/sentences?_search=onerror",
                 "/claims/search?q=onerror", "/claims/contradictions", "/claims/find_document?title=hostile",
                 "/claims/question/1"):
        page.goto(server + path)
        page.wait_for_timeout(200)
        assert page.dialogs == [], path
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("script", has_text="alert(").count() == 0, path
        assert "alert(" in page.locator("body").inner_text(), path  # the text is shown as text
    shot(page, "hostile")
