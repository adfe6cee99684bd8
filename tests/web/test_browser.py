"""In a real browser: Playwright driving Debian's Chromium against the served Datasette."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.run import run
from pipeline.web.serve import config_path_for, datasette_command
from tests.web.test_datasette import write_fixture_corpus

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests (.ci/run does)")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "claims.db"
    assert run(write_fixture_corpus(tmp / "corpus"), db).exit_code == 0
    port = free_port()
    config = config_path_for(db)
    proc = subprocess.Popen(datasette_command(db, port, config),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("datasette did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(config.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
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


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_page(server, page):
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text() == "policy-claims"
    assert page.locator("a", has_text="Contradictions").count() == 1
    shot(page, "home")


def test_contradictions_page_shows_both_sentences(server, page):
    page.goto(server + "/claims/contradictions")
    body = page.locator("table.rows-and-columns").inner_text()
    assert "The NHS Long Term Plan was published in February 2019." in body
    assert "The NHS Long Term Plan was published in January 2019." in body
    assert page.locator("table.rows-and-columns mark.ent-DATE").count() >= 2
    shot(page, "contradictions")


def test_sentence_page_highlights_spans(server, page):
    page.goto(server + "/claims/sentences?_search=accountable")
    marks = page.locator("mark.ent-BODY")
    assert marks.count() >= 2
    assert "NHS England" in [marks.nth(i).inner_text() for i in range(marks.count())]
    shot(page, "sentence")


def test_search_box(server, page):
    page.goto(server + "/")
    page.fill("input[name=_search]", "autonomy")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "_search=autonomy" in page.url
    assert "Some GPs fear a loss of autonomy." in page.locator("table.rows-and-columns").inner_text()
    shot(page, "search")


def test_hostile_document_runs_nothing(server, page):
    import json

    with urllib.request.urlopen(server + "/claims/documents.json?_shape=array&path=hostile.txt") as response:
        hostile_id = json.load(response)[0]["id"]
    for path in (f"/claims/documents/{hostile_id}", f"/claims/document_text?document={hostile_id}",
                 "/claims/sentences?_search=onerror"):
        page.goto(server + path)
        page.wait_for_timeout(300)
        assert page.dialogs == [], path
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("script", has_text="alert(").count() == 0, path
        assert "alert(" in page.locator("body").inner_text(), path  # the text is shown as text
    shot(page, "hostile")


def test_dashboard_chart_renders(server, page):
    page.goto(server + "/-/dashboards/claims")
    page.wait_for_selector("svg.marks, canvas", timeout=15000)
    shot(page, "dashboard")
