"""Datasette in-process on a database built from a small fixture corpus written here."""
from __future__ import annotations

from pathlib import Path

import pytest
from datasette.app import Datasette

from pipeline.registry import load_registry
from pipeline.run import run
from pipeline.web.datasette_config import datasette_config
from pipeline.web.serve import DATASETTE_DIR, SETTINGS

FIXTURE_DOCS = {
    "alpha.txt": "Alpha briefing\n\nThe NHS Long Term Plan was published in January 2019. "
                 "There are 42 integrated care systems in England.\n"
                 "Integrated care boards are accountable to NHS England.\n",
    "beta.md": "---\ntitle: Beta explainer\npublisher: Beta Press\n---\n"
               "The NHS Long Term Plan was published in February 2019.\n\n"
               "There are 42 integrated care systems in England.\n\n"
               "Some GPs fear a loss of autonomy.\n",
    "hostile.txt": "Hostile page <script>alert('x')</script>\n\n"
                   "Integrated care boards <img src=x onerror=\"alert('img')\"> plan services. "
                   "The NHS Long Term Plan was published in January 2019.\n",
}


def write_fixture_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FIXTURE_DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("datasette")
    db = tmp / "claims.db"
    assert run(write_fixture_corpus(tmp / "corpus"), db).exit_code == 0
    return db


@pytest.fixture(scope="module")
def datasette(fixture_db):
    return Datasette([], immutables=[str(fixture_db)], metadata=datasette_config(load_registry(), "claims"),
                     template_dir=str(DATASETTE_DIR / "templates"), plugins_dir=str(DATASETTE_DIR / "plugins"),
                     static_mounts=[("assets", str(DATASETTE_DIR / "static"))],
                     settings={k: int(v) if v.isdigit() else v == "on" for k, v in SETTINGS.items()})


async def rows(ds, path: str) -> list[dict]:
    response = await ds.client.get(path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


async def test_contradictions_query_has_both_sentences_and_reason(datasette):
    found = await rows(datasette, "/claims/contradictions.json")
    pairs = {(r["subject"], r["predicate"], r["event"]) for r in found}
    assert ("NHS Long Term Plan", "dated", "published") in pairs
    row = next(r for r in found if r["subject"] == "NHS Long Term Plan")
    assert {row["sentence_a"], row["sentence_b"]} >= {"The NHS Long Term Plan was published in February 2019."}
    assert "January 2019" in row["reason"] and "February 2019" in row["reason"]
    assert {row["document_a"], row["document_b"]} & {"Beta explainer"}


async def test_agreements_query(datasette):
    found = await rows(datasette, "/claims/agreements.json")
    counts = [r for r in found if r["predicate"] == "has_count"]
    assert counts and all(r["verdict"] == "agree" for r in counts)


async def test_body_query_matches_aliases(datasette):
    by_acronym = await rows(datasette, "/claims/body.json?body=ICBs")
    by_name = await rows(datasette, "/claims/body.json?body=integrated+care+board")
    assert by_acronym == by_name
    assert any(r["predicate"] == "accountable_to" and r["object"] == "NHS England" for r in by_acronym)


@pytest.mark.parametrize("query,column", [
    ("timeline", "event"), ("concerns", "topic"), ("concern_sentences", "wording"), ("populations", "body"),
    ("document_claims", "predicate"), ("document_text", "sentence"), ("changes", "verdict"),
])
async def test_every_canned_query_answers(datasette, query, column):
    response = await datasette.client.get(f"/claims/{query}.json?_shape=array&document=1")
    assert response.status_code == 200
    found = response.json()
    if query in ("timeline", "concerns", "concern_sentences", "document_claims", "document_text"):
        assert found and column in found[0]


async def test_concern_voiced_by_gps(datasette):
    found = await rows(datasette, "/claims/concerns.json")
    assert any(r["topic"] == "autonomy" and r["voiced_by"] == "GPs" for r in found)


async def test_timeline_is_in_date_order(datasette):
    dates = [r["date_start"] for r in await rows(datasette, "/claims/timeline.json")]
    assert dates == sorted(dates) and len(dates) >= 3


async def test_facets_and_search(datasette):
    response = await datasette.client.get("/claims/entities.json?_facet=label")
    facet = {f["value"]: f["count"] for f in response.json()["facet_results"]["label"]["results"]}
    assert facet["BODY"] >= 3 and facet["DATE"] >= 3
    found = await rows(datasette, "/claims/sentences.json?_search=autonomy")
    assert [r["text"] for r in found] == ["Some GPs fear a loss of autonomy."]


async def test_raw_sql_and_downloads_follow_the_configuration(datasette):
    assert (await datasette.client.get("/claims.json?sql=select+count(*)+from+documents")).status_code == 200
    assert (await datasette.client.get("/claims.db")).status_code == 200
    assert (await datasette.client.get("/claims/claims.csv")).status_code == 200
    too_many = await datasette.client.get("/claims.json?sql=select+*+from+sentences,sentences,sentences&_shape=array")
    assert len(too_many.json()) <= int(SETTINGS["max_returned_rows"])


async def test_every_table_and_column_is_described(datasette, fixture_db):
    import sqlite3

    tables = datasette_config(load_registry(), "claims")["databases"]["claims"]["tables"]
    conn = sqlite3.connect(fixture_db)
    for table in ("documents", "sentences", "entities", "claims", "comparisons", "bodies", "policies", "claim_groups",
                  "group_comparisons"):
        assert tables[table]["description"]
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert set(columns) <= set(tables[table]["columns"]), table


async def test_sentences_render_highlighted_and_escaped(datasette):
    html = (await datasette.client.get("/claims/sentences")).text
    assert '<mark class="ent ent-BODY"' in html
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "<img src=x" not in html and "&lt;img src=x" in html


async def test_home_page_links(datasette):
    html = (await datasette.client.get("/")).text
    for link in ("/claims/contradictions", "/claims/agreements", "/claims/timeline", "/claims/sentences"):
        assert f'href="{link}' in html
    assert "Search sentences" in html
