"""Datasette in-process on a database built from a small fixture corpus written here: the views and
canned queries, the analyst's pages (sentence, claim, document, report, search), words for keys,
links for ids, and escaping."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from datasette.app import Datasette

from pipeline.registry import load_registry
from pipeline.run import run
from pipeline.web import pages, question_pages
from pipeline.web.datasette_config import datasette_config
from pipeline.web.serve import DATASETTE_DIR, SETTINGS

FIXTURE_DOCS = {
    "alpha.txt": "Alpha briefing\n\nThe NHS Long Term Plan was published in January 2019. "
                 "There are 42 integrated care systems in England.\n"
                 "Integrated care boards are accountable to NHS England.\n"
                 "Integrated care boards are responsible for planning and funding most NHS services in their area.\n"
                 "Each primary care network covers around 30,000 to 50,000 people.\n"
                 "Integrated care boards replaced clinical commissioning groups in July 2022.\n",
    "beta.md": "---\ntitle: Beta explainer\npublisher: Beta Press\n---\n"
               "The NHS Long Term Plan was published in February 2019.\n\n"
               "There are 42 integrated care systems in England.\n\n"
               "Some GPs fear a loss of autonomy.\n\n"
               "Integrated care partnerships are not accountable to NHS England.\n\n"
               "Integrated care partnerships are not statutory bodies.\n\n"
               "Integrated care boards are responsible for planning and funding most NHS services locally.\n",
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
    return Datasette([str(fixture_db)], metadata=datasette_config(load_registry(), "claims"),
                     template_dir=str(DATASETTE_DIR / "templates"), plugins_dir=str(DATASETTE_DIR / "plugins"),
                     static_mounts=[("assets", str(DATASETTE_DIR / "static"))],
                     settings={k: int(v) if v.isdigit() else v == "on" for k, v in SETTINGS.items()})


async def rows(ds, path: str) -> list[dict]:
    response = await ds.client.get(path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


async def html(ds, path: str) -> lxml.html.HtmlElement:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return lxml.html.fromstring(response.text)


def text_of(tree) -> str:
    return " ".join(tree.text_content().split())


def claim_id(db: Path, **where) -> int:
    import sqlite3

    sql = "SELECT id FROM claims WHERE " + " AND ".join(f"{k} = ?" for k in where) + " ORDER BY id"
    return sqlite3.connect(db).execute(sql, list(where.values())).fetchone()[0]


def scalar(db: Path, sql: str, params=()):
    import sqlite3

    return sqlite3.connect(db).execute(sql, params).fetchone()[0]


# --- views and canned queries -----------------------------------------------------------------

async def test_contradictions_view_has_both_sentences_and_reason(datasette):
    found = await rows(datasette, "/claims/contradictions.json")
    row = next(r for r in found if r["subject"] == "NHS Long Term Plan")
    assert (row["predicate"], row["event"]) == ("dated", "published")
    assert "The NHS Long Term Plan was published in February 2019." in {row["sentence_a"], row["sentence_b"]}
    assert "January 2019" in row["reason"] and "February 2019" in row["reason"]
    assert "Beta explainer" in {row["document_a_title"], row["document_b_title"]}


async def test_no_canned_query_shadows_a_table_or_view(datasette, fixture_db):
    import sqlite3

    names = {r[0] for r in sqlite3.connect(fixture_db).execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    queries = datasette_config(load_registry(), "claims")["databases"]["claims"]["queries"]
    assert not set(queries) & names
    assert {"contradictions", "agreements", "changes", "differences"} <= names


@pytest.mark.parametrize("view", ["agreements", "contradictions", "changes", "differences"])
async def test_pair_views_page_through_every_row(datasette, fixture_db, view):
    """No LIMIT: Datasette's own paging reaches every row the view holds."""
    seen, path = [], f"/claims/{view}.json?_size=1&_shape=objects"
    while path:
        page = (await datasette.client.get(path)).json()
        seen += page["rows"]
        path = page["next_url"] and page["next_url"].replace("http://localhost", "")
    assert len(seen) == scalar(fixture_db, f"SELECT COUNT(*) FROM {view}")
    if view in ("agreements", "contradictions"):
        assert len(seen) >= 1


async def test_pair_view_page_links_every_id(datasette):
    tree = await html(datasette, "/claims/contradictions")
    hrefs = [a.get("href") for a in tree.cssselect("table.rows-and-columns a")]
    for kind in ("sentence", "claim", "document"):
        assert sum(h.startswith(f"/claims/{kind}/") for h in hrefs) >= 2, kind
    assert tree.cssselect("td.col-sentence_a a.pc-sentence mark.ent-DATE")


@pytest.mark.parametrize("wording", ["ICBs", "integrated care board", "integrated care boards", "Integrated Care Boards",
                                     "the ICB's", "ICB"])
async def test_body_lookup_by_any_alias_form(datasette, wording):
    found = await rows(datasette, "/claims/body.json?body=" + wording.replace(" ", "+").replace("'", "%27"))
    assert any(r["predicate"] == "accountable_to" and r["object"] == "NHS England" for r in found)
    assert any(r["predicate"] == "has_duty" for r in found)


async def test_body_lookup_finds_the_object_side_and_full_names(datasette):
    found = await rows(datasette, "/claims/body.json?body=Clinical+Commissioning+Groups")
    assert [(r["subject"], r["predicate"]) for r in found] == [("integrated care board", "replaces")]
    assert found[0]["claim"] == "Integrated care board replaces clinical commissioning group"


async def test_find_a_document_by_part_of_its_title(datasette):
    found = await rows(datasette, "/claims/find_document.json?title=EXPLAIN")
    assert [r["document_id"] for r in found] == [2]
    tree = await html(datasette, "/claims/find_document?title=explain")
    assert tree.cssselect('a[href="/claims/document/2"]')[0].text_content() == "Beta explainer"
    assert tree.cssselect('a[href="/claims/document/2/report"]')


@pytest.mark.parametrize("query,column", [
    ("timeline", "event"), ("concerns", "topic"), ("concern_sentences", "wording"), ("populations", "body"),
    ("document_claims", "predicate"), ("body", "claim"), ("find_document", "document_id"),
])
async def test_every_canned_query_answers(datasette, query, column):
    response = await datasette.client.get(f"/claims/{query}.json?_shape=array&document=1&body=ICB&title=a")
    assert response.status_code == 200
    found = response.json()
    assert found and column in found[0]


async def test_concern_voiced_by_gps(datasette):
    found = await rows(datasette, "/claims/concerns.json")
    assert any(r["topic"] == "autonomy" and r["voiced_by"] == "GPs" for r in found)


async def test_timeline_is_in_date_order_and_reads_dates(datasette):
    found = await rows(datasette, "/claims/timeline.json")
    dates = [r["date_start"] for r in found]
    assert dates == sorted(dates) and len(dates) >= 3
    assert {"January 2019", "February 2019"} <= {r["date"] for r in found}


def test_timeline_chart_axis_shows_years():
    chart = datasette_config(load_registry(), "claims")["plugins"]["datasette-dashboards"]["claims"]["charts"]["timeline"]
    assert "%Y" in chart["display"]["encoding"]["x"]["axis"]["format"]


async def test_facets_and_table_search(datasette):
    response = await datasette.client.get("/claims/entities.json?_facet=label")
    facet = {f["value"]: f["count"] for f in response.json()["facet_results"]["label"]["results"]}
    assert facet["BODY"] >= 3 and facet["DATE"] >= 3
    found = await rows(datasette, "/claims/sentences.json?_search=autonomy")
    assert [r["text"] for r in found] == ["Some GPs fear a loss of autonomy."]


async def test_raw_sql_and_downloads_follow_the_configuration(datasette):
    assert (await datasette.client.get("/claims.json?sql=select+count(*)+from+documents")).status_code == 200
    assert (await datasette.client.get("/claims.db")).status_code == 403  # a live file: copy db/claims.db instead
    assert (await datasette.client.get("/claims/claims.csv")).status_code == 200
    too_many = await datasette.client.get("/claims.json?sql=select+*+from+sentences,sentences,sentences&_shape=array")
    assert len(too_many.json()) <= int(SETTINGS["max_returned_rows"])


async def test_every_table_and_column_is_described(datasette, fixture_db):
    import sqlite3

    tables = datasette_config(load_registry(), "claims")["databases"]["claims"]["tables"]
    conn = sqlite3.connect(fixture_db)
    for table in ("documents", "sentences", "entities", "claims", "comparisons", "bodies", "policies", "claim_groups",
                  "group_comparisons", "contradictions", "agreements", "changes", "differences"):
        assert tables[table]["description"]
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert set(columns) <= set(tables[table]["columns"]), table


# --- words, not keys --------------------------------------------------------------------------

async def test_claims_table_reads_as_words(datasette):
    tree = await html(datasette, "/claims/claims?_size=100")
    cells = {c: [text_of(td) for td in tree.cssselect(f"td.col-{c}")] for c in ("predicate", "object", "negated",
                                                                                  "value_min", "event")}
    assert "has a duty" in cells["predicate"] and "has_duty" not in cells["predicate"]
    assert "plan and fund NHS services for a population" in cells["object"] and "plan_and_fund_services" not in cells["object"]
    assert "non-statutory" in cells["object"] and "autonomy" in cells["object"]
    assert "not" in cells["negated"] and "0" not in cells["negated"] and "1" not in cells["negated"]
    assert "30,000" in cells["value_min"] and "30000.0" not in cells["value_min"]
    assert "publication" in cells["event"]
    json_rows = await rows(datasette, "/claims/claims.json?predicate=has_duty")
    assert json_rows[0]["object"] == "plan_and_fund_services"  # the data keeps its keys


async def test_claim_text_says_the_claim(datasette):
    found = await rows(datasette, "/claims/document_claims.json?document=1")
    said = {r["claim"] for r in found}
    assert {"NHS Long Term Plan: publication, January 2019", "There are 42 integrated care systems",
            "Integrated care board has a duty to plan and fund NHS services for a population",
            "One primary care network covers 30,000 to 50,000 people",
            "Integrated care board is accountable to NHS England"} <= said
    beta = {r["claim"] for r in await rows(datasette, "/claims/document_claims.json?document=Beta")}
    assert "Integrated care partnership is not accountable to NHS England" in beta
    assert "Integrated care partnership is non-statutory" in beta


async def test_page_titles_are_short(datasette):
    for path, title in (("/claims/timeline", "Timeline of dated events across documents · claims"),
                        ("/claims?sql=select+1", "SQL query · claims")):
        assert (await html(datasette, path)).findtext(".//title") == title
    assert (await html(datasette, "/claims/contradictions")).findtext(".//title") == (
        "Contradictions between documents: 2 rows · claims")


# --- every id a link: sentence, claim, document, report ---------------------------------------

async def test_sentence_page_shows_the_sentence_in_its_document(datasette, fixture_db):
    sentence = scalar(fixture_db, "SELECT id FROM sentences WHERE text LIKE 'Integrated care boards are accountable%'")
    tree = await html(datasette, f"/claims/sentence/{sentence}")
    focus = tree.cssselect(".pc-focus")
    assert len(focus) == 1 and text_of(focus[0]) == "Integrated care boards are accountable to NHS England."
    assert focus[0].cssselect("mark.ent-BODY")
    around = [text_of(p) for p in tree.cssselect(".pc-context-sentence")]
    assert around[around.index(text_of(focus[0])) - 1] == "There are 42 integrated care systems in England."
    assert "Integrated care board is accountable to NHS England" in text_of(tree.cssselect(".pc-claim h3")[0])
    assert tree.cssselect('a[href="/claims/document/1#s3"]')


async def test_claim_page_lists_its_comparisons_with_both_contexts(datasette, fixture_db):
    claim = claim_id(fixture_db, predicate="dated", document_id=2)
    tree = await html(datasette, f"/claims/claim/{claim}")
    assert text_of(tree.cssselect("h1")[0]) == "NHS Long Term Plan: publication, February 2019"
    assert "The NHS Long Term Plan was published in February 2019." in text_of(tree.cssselect(".pc-focus")[0])
    pair = tree.cssselect("table.pc-pairs tbody tr")
    assert len(pair) == 2  # alpha contradicts, the hostile page too
    assert {text_of(r.cssselect(".pc-verdict")[0]) for r in pair} == {"contradict"}
    other = pair[0].cssselect("a.pc-sentence")[0]
    assert "published in January 2019" in text_of(other) and other.get("href").startswith("/claims/sentence/")


async def test_claim_comparisons_are_paged(datasette, fixture_db, monkeypatch):
    monkeypatch.setattr(pages, "PAIRS_PAGE", 1)
    claim = claim_id(fixture_db, predicate="dated", document_id=2)
    first = await html(datasette, f"/claims/claim/{claim}")
    second = await html(datasette, f"/claims/claim/{claim}?page=2")
    rows_of = [text_of(t.cssselect("table.pc-pairs tbody tr")[0]) for t in (first, second)]
    assert rows_of[0] != rows_of[1]
    assert "1–1 of 2 · page 1 of 2" in text_of(first.cssselect(".pc-pages")[0])
    assert first.cssselect(f'a[href="/claims/claim/{claim}?page=2"]')


async def test_document_page_shows_every_sentence_and_links_its_claims(datasette, fixture_db, monkeypatch):
    tree = await html(datasette, "/claims/document/1")
    sentences = tree.cssselect(".pc-text-sentence")
    assert len(sentences) == scalar(fixture_db, "SELECT COUNT(*) FROM sentences WHERE document_id = 1")
    assert [s.get("id") for s in sentences[:2]] == ["s0", "s1"]
    assert len(tree.cssselect("a.pc-claims-link")) == scalar(
        fixture_db, "SELECT COUNT(DISTINCT sentence_id) FROM claims WHERE document_id = 1")
    assert tree.cssselect('a[href="/claims/document/1/report"]')
    monkeypatch.setattr(pages, "TEXT_PAGE_SENTENCES", 2)
    page2 = await html(datasette, "/claims/document/1?page=2")
    assert [s.get("id") for s in page2.cssselect(".pc-text-sentence")] == ["s2", "s3"]


async def test_report_says_what_a_document_contradicts_agrees_with_and_says_alone(datasette):
    tree = await html(datasette, "/claims/document/2/report")
    section = {s.get("id"): s for s in tree.cssselect("section.pc-report-section")}
    contradicts = section["contradict"].cssselect(".pc-report-question")
    assert len(contradicts) == 1
    said = text_of(contradicts[0])
    assert said.startswith("When was the NHS Long Term Plan published? It says February 2019 (its sentence).")
    assert "January 2019: Alpha briefing, Hostile page <script>alert('x')</script>" in said
    assert "the same publication cannot have two dates" in said
    links = contradicts[0].cssselect(".pc-others a")
    assert links and all(a.get("href").startswith("/claims/sentence/") for a in links)
    agrees = [text_of(q) for q in section["agree"].cssselect(".pc-report-question")]
    assert "How many integrated care systems are there? It says 42 (its sentence). Also Alpha briefing" in agrees
    assert any(a.startswith("Who has the duty to plan and fund NHS services for a population?") for a in agrees)
    alone = text_of(section["alone"])
    assert "Is an integrated care partnership statutory? not statutory" in alone
    assert "A concern: autonomy (raised by GPs)" in alone
    assert "How many integrated care systems" not in alone
    assert "Says alone: 2 questions no other document answers, and 1 claim no question compares" in text_of(
        tree.cssselect(".pc-summary")[0])


async def test_missing_rows_are_404_pages(datasette):
    for path in ("/claims/sentence/999999", "/claims/claim/999999", "/claims/document/999999",
                 "/claims/document/999999/report", "/nosuchdb/sentence/1"):
        assert (await datasette.client.get(path)).status_code == 404, path


# --- search -----------------------------------------------------------------------------------

async def test_search_highlights_the_term_without_offset_columns(datasette):
    tree = await html(datasette, "/claims/search?q=accountable")
    results = tree.cssselect("ol.pc-results li")
    assert len(results) == 2
    assert {m.text for m in tree.cssselect("mark.hit")} == {"accountable"}
    assert "start_char" not in text_of(tree) and "end_char" not in text_of(tree)
    assert all(li.cssselect('a.pc-sentence[href^="/claims/sentence/"]') for li in results)


async def test_search_any_wording_is_safe(datasette):
    for query in ('"', "ICB's", "NOT", "a AND (", "*"):
        response = await datasette.client.get("/claims/search", params={"q": query})
        assert response.status_code == 200, query


# --- escaping ---------------------------------------------------------------------------------

async def test_sentences_render_highlighted_and_escaped(datasette):
    page = (await datasette.client.get("/claims/sentences")).text
    assert '<mark class="ent ent-BODY"' in page
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page
    assert "<img src=x" not in page and "&lt;img src=x" in page


async def test_analyst_pages_escape_document_text(datasette, fixture_db):
    hostile = scalar(fixture_db, "SELECT id FROM documents WHERE path = 'hostile.txt'")
    sentence = scalar(fixture_db, "SELECT id FROM sentences WHERE document_id = ? AND text LIKE '%onerror%'", (hostile,))
    for path in (f"/claims/document/{hostile}", f"/claims/document/{hostile}/report", f"/claims/sentence/{sentence}",
                 "/claims/search?q=onerror", "/claims/search?q=alert", "/claims/contradictions", "/claims/claims",
                 "/claims/find_document?title=hostile", f"/claims/question/{ltp_question(fixture_db)}",
                 f"/claims/question/{ltp_question(fixture_db)}?verdict=contradict"):
        page = (await datasette.client.get(path)).text
        assert "<script>alert(" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;" in page or "&lt;img src=x" in page, path


async def test_home_page_links(datasette):
    page = (await datasette.client.get("/")).text
    for link in ("/claims/contradictions", "/claims/agreements", "/claims/changes", "/claims/differences",
                 "/claims/timeline", "/claims/search", "/claims/body?body=", "/claims/find_document"):
        assert f'href="{link}' in page or f'action="{link}' in page, link


# --- questions first --------------------------------------------------------------------------

def ltp_question(db: Path) -> int:
    return scalar(db, "SELECT id FROM questions WHERE label = 'When was the NHS Long Term Plan published?'")


async def test_home_page_leads_with_questions_disputed_first(datasette):
    tree = await html(datasette, "/")
    groups = tree.cssselect("section.pc-status-group")
    assert [g.get("id") for g in groups] == ["disputed", "changed", "differ", "consensus"]
    disputed = text_of(groups[0])
    assert "When was the NHS Long Term Plan published? January 2019: 2 documents · February 2019: 1 document" in disputed
    consensus = text_of(groups[3])
    assert "How many integrated care systems are there? 42: 2 documents" in consensus
    link = groups[0].cssselect("a")[0].get("href")
    assert re.fullmatch(r"/claims/question/\d+", link)
    page = (await datasette.client.get("/")).text
    assert page.index("What the documents answer") < page.index("Pairs of claims, side by side")


async def test_question_page_shows_positions_documents_and_sentences(datasette, fixture_db):
    question = ltp_question(fixture_db)
    tree = await html(datasette, f"/claims/question/{question}")
    assert text_of(tree.cssselect("h1")[0]) == "When was the NHS Long Term Plan published?"
    assert tree.findtext(".//title") == "When was the NHS Long Term Plan published?"
    positions = tree.cssselect("section.pc-position")
    assert [text_of(p.cssselect(".pc-value")[0]) for p in positions] == ["January 2019", "February 2019"]
    january = positions[0]
    assert {text_of(a) for a in january.cssselect(".pc-position-documents > li > a")} == {
        "Alpha briefing", "Hostile page <script>alert('x')</script>"}
    sentence_links = january.cssselect("a.pc-sentence")
    assert sentence_links and all(a.get("href").startswith("/claims/sentence/") for a in sentence_links)
    assert "published in January 2019" in text_of(sentence_links[0])
    pairs = tree.cssselect("section#contradict table.pc-pairs tbody tr")
    assert len(pairs) == 2
    assert "February 2019" in text_of(pairs[0]) and "January 2019" in text_of(pairs[0])
    assert len(pairs[0].cssselect("a.pc-sentence")) == 2  # both contexts one click away


async def test_question_parts_are_paged(datasette, fixture_db, monkeypatch):
    monkeypatch.setattr(question_pages, "PAIRS_PAGE", 1)
    question = ltp_question(fixture_db)
    january = scalar(fixture_db, "SELECT id FROM positions WHERE question_id = ? AND value = 'January 2019'", (question,))
    seen = []
    for n in (1, 2):
        tree = await html(datasette, f"/claims/question/{question}?position={january}&page={n}")
        seen += [text_of(a) for a in tree.cssselect(".pc-position-documents > li > a")]
        assert f"{n}–{n} of 2 · page {n} of 2" in text_of(tree.cssselect(".pc-pages")[0])
    assert sorted(seen) == ["Alpha briefing", "Hostile page <script>alert('x')</script>"]
    pairs = []
    for n in (1, 2):
        tree = await html(datasette, f"/claims/question/{question}?verdict=contradict&page={n}")
        assert not tree.cssselect("section.pc-position")
        pairs += [text_of(r) for r in tree.cssselect("table.pc-pairs tbody tr")]
    assert len(pairs) == len(set(pairs)) == 2


async def test_pairs_and_questions_link_to_question_pages(datasette, fixture_db):
    question = ltp_question(fixture_db)
    tree = await html(datasette, "/claims/contradictions")
    links = tree.cssselect("td.col-question_id a")
    assert links and {a.get("href") for a in links} == {f"/claims/question/{question}"}
    assert text_of(links[0]) == "When was the NHS Long Term Plan published?"
    assert tree.cssselect('a[href^="/claims/questions?status=disputed"]')
    titles = tree.cssselect("td.col-document_a_title a")
    assert titles and titles[0].get("href").startswith("/claims/document/")
    listed = await html(datasette, "/claims/questions?status=disputed")
    assert listed.cssselect(f'td.col-label a[href="/claims/question/{question}"]')


async def test_missing_question_is_404(datasette):
    assert (await datasette.client.get("/claims/question/999999")).status_code == 404


REPORT_REFERENCE = """
SELECT CASE WHEN c.verdict IN ('agree', 'compatible') THEN 'agree' ELSE c.verdict END, pos.question_id,
       CASE WHEN c.document_a = :d THEN c.document_b ELSE c.document_a END, og.value_text, MIN(c.verdict)
FROM comparisons c
JOIN claims mc ON mc.id = CASE WHEN c.document_a = :d THEN c.claim_a ELSE c.claim_b END
JOIN claims oc ON oc.id = CASE WHEN c.document_a = :d THEN c.claim_b ELSE c.claim_a END
JOIN claim_groups mg ON mg.id = mc.group_id JOIN positions pos ON pos.id = mg.position_id
JOIN claim_groups og ON og.id = oc.group_id
WHERE c.document_a = :d OR c.document_b = :d GROUP BY 1, 2, 3, 4"""
"""What a report reads, straight from the comparisons view (every pair through its time logic)."""


@pytest.mark.slow
def test_report_reads_what_the_comparisons_view_holds(seed_db, fixture_db):
    """The report takes time-independent group pairs from the claim groups: the same rows as the view."""
    import sqlite3

    for db in (seed_db, fixture_db):
        conn = sqlite3.connect(db)
        for (document,) in conn.execute("SELECT id FROM documents").fetchall():
            fast = {tuple(r[:5]) for r in conn.execute(pages._REPORT_PAIRS, {"d": document})}
            assert fast == set(conn.execute(REPORT_REFERENCE, {"d": document})), (db, document)
            assert fast or db == fixture_db


async def test_home_links_to_uncounted_views_above_a_size(datasette, monkeypatch):
    assert 'href="/claims/contradictions"' in (await datasette.client.get("/")).text
    monkeypatch.setattr(question_pages, "COUNTED_PAIRS", 1)
    page = (await datasette.client.get("/")).text
    assert 'href="/claims/contradictions?_nocount=1"' in page and "too many to count" in page


CLAIM_REFERENCE = """
SELECT c.verdict, c.reason, CASE WHEN c.claim_a = :claim THEN c.claim_b ELSE c.claim_a END
FROM comparisons c WHERE c.claim_a = :claim OR c.claim_b = :claim"""


@pytest.mark.slow
async def test_claim_comparisons_are_what_the_comparisons_view_holds(seed_db, fixture_db):
    """A claim's page reads time-independent group pairs from the claim groups: the same pairs, verdicts
    and reasons as the view."""
    import sqlite3

    from datasette.app import Datasette

    for db in (seed_db, fixture_db):
        ds = Datasette([str(db)])
        site = pages.Site(ds.get_database(db.stem), db.stem, pages.Words(**{
            f: {} for f in ("predicates", "modalities", "events", "statuses", "concerns", "duties", "names")}))
        conn = sqlite3.connect(db)
        for claim in [dict(zip(("id", "group_id"), r)) for r in conn.execute("SELECT id, group_id FROM claims")]:
            found = await pages.claim_comparisons(site, claim, limit=10_000)
            listed = {(p["verdict"], p["reason"], p["claim_id"]) for p in found["pairs"]}
            assert listed == set(conn.execute(CLAIM_REFERENCE, {"claim": claim["id"]})), (db, claim)
            assert found["total"] == len(listed)
