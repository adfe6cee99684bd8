"""Datasette plugin: the analyst's pages and a database that reads as words.

- routes: /DB/question/ID (?position=ID or ?verdict=V: that part alone, paged), /DB/sentence/ID,
  /DB/claim/ID, /DB/document/ID (its text), /DB/document/ID/report, /DB/search?q=
  (pipeline.web.pages builds them; templates pc_*.html);
- render_cell: every id a link (claim, sentence, document, question), sentences shown with their
  entities highlighted and linked to their context, keys as words (duty keys, concern topics,
  statuses, events, predicates), numbers grouped, negation as "not"; HTML only, JSON keeps the keys;
- SQL functions for the canned queries: claim_text(...), words(kind, key), date_text(start, end,
  granularity), body_names(text).
Everything rendered from document text goes through markupsafe.escape.
"""
from __future__ import annotations

import functools
import json
import sqlite3

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from datasette import hookimpl
from pipeline.compare.reasons import describe_date
from pipeline.web import pages, question_pages
from pipeline.web.render import highlight_html
from pipeline.web.words import Words, load_words, number


@functools.lru_cache(maxsize=1)
def words() -> Words:
    return load_words()


# --- routes -----------------------------------------------------------------------------------

def _page_number(request) -> int:
    try:
        return max(1, int(request.args.get("page") or 1))
    except ValueError:
        return 1


def _route(template: str, build):
    async def view(datasette, request):
        name = request.url_vars["database"]
        if name not in datasette.databases:
            return await _not_found(datasette, request, f"Database not found: {name}")
        site = pages.Site(datasette.get_database(name), name, words())
        try:
            context = await build(site, request)
        except pages.NotFound:
            return await _not_found(datasette, request, "No such row in this database.")
        except QueryInterrupted:
            return await _error(datasette, request, 503, "Too slow", "This page needs more time than the server allows "
                                f"one query ({datasette.setting('sql_time_limit_ms'):,} ms) on a database this size.")
        return Response.html(await datasette.render_template(
            template, {**context, "database": name}, request=request))
    return view


async def _not_found(datasette, request, message: str) -> Response:
    return await _error(datasette, request, 404, "Not found", message)


async def _error(datasette, request, status: int, title: str, message: str) -> Response:
    """A plain error page (raising would make Datasette print a traceback with locals per request)."""
    return Response.html(await datasette.render_template(
        "error.html", {"ok": False, "error": message, "status": status, "title": title}, request=request), status=status)


def _id(request) -> int:
    return int(request.url_vars["id"])


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


def _verdict(value) -> str | None:
    return value if value in pages.VERDICT_ORDER else None


ROUTES = [
    ("sentence/(?P<id>[0-9]+)", "pc_sentence.html",
     lambda site, request: pages.sentence_page(site, _id(request))),
    ("claim/(?P<id>[0-9]+)", "pc_sentence.html",
     lambda site, request: pages.sentence_page(site, None, claim_id=_id(request), page=_page_number(request))),
    ("document/(?P<id>[0-9]+)", "pc_document.html",
     lambda site, request: pages.document_page(site, _id(request), _page_number(request))),
    ("document/(?P<id>[0-9]+)/report", "pc_report.html",
     lambda site, request: pages.report_page(site, _id(request))),
    ("question/(?P<id>[0-9]+)", "pc_question.html",
     lambda site, request: question_pages.question_page(site, _id(request), _int(request.args.get("position")),
                                               _verdict(request.args.get("verdict")), _page_number(request))),
    ("search", "pc_search.html",
     lambda site, request: pages.search_page(site, request.args.get("q") or "", _page_number(request))),
]


@hookimpl
def register_routes():
    return [(rf"^/(?P<database>[^/]+)/{path}$", _route(template, build)) for path, template, build in ROUTES]


@hookimpl
def extra_template_vars(template, datasette):
    """The home page leads with the questions of the first database."""
    if template != "index.html":
        return None

    async def home():
        names = [name for name in datasette.databases if name != "_internal"]
        if not names:
            return {"home": None}
        return {"home": await question_pages.home(pages.Site(datasette.get_database(names[0]), names[0], words()))}
    return home


@hookimpl
def extra_body_script(template):
    """Column descriptions folded under one line on table and view pages, so the rows come first."""
    if template != "table.html":
        return None
    return ('document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {'
            'var d = document.createElement("details"), s = document.createElement("summary");'
            's.textContent = "What the columns hold"; dl.replaceWith(d); d.append(s, dl); });')


# --- SQL functions ----------------------------------------------------------------------------

CLAIM_FIELDS = ("subject", "predicate", "event", "object", "value_min", "value_max", "date_start", "date_end",
                "date_granularity", "negated", "modality", "holder")


def _claim_text(*values) -> str:
    return words().claim(dict(zip(CLAIM_FIELDS, values)))


def _words(kind: str, key):
    if key is None:
        return None
    w = words()
    return {"predicate": w.predicate, "event": w.event, "status": w.status, "concern": w.concern, "duty": w.duty,
            "modality": w.modality}.get(kind, str)(key)


def _body_names(typed) -> str:
    """JSON list of the registered names a reader's wording can mean, else the wording itself."""
    if not typed:
        return "[]"
    return json.dumps(words().canonical_names(str(typed)) or [" ".join(str(typed).split())])


@hookimpl
def prepare_connection(conn):
    conn.create_function("claim_text", len(CLAIM_FIELDS), _claim_text, deterministic=True)
    conn.create_function("words", 2, _words, deterministic=True)
    conn.create_function("date_text", 3, lambda s, e, g: describe_date(
        {"date_start": s, "date_end": e, "date_granularity": g}) if s else None, deterministic=True)
    conn.create_function("body_names", 1, _body_names, deterministic=True)


# --- cells ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _connection(path: str) -> sqlite3.Connection:
    """One read-only connection per database file, used synchronously: an indexed lookup takes
    microseconds, while a trip through Datasette's thread pool per cell cost a page of 100 sentences
    about 200 ms. Not immutable: a run writing in place is seen at the next read."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


SENTENCE_COLUMNS = {"sentence": "sentence_id", "sentence_a": "sentence_a_id", "sentence_b": "sentence_b_id"}
"""Column holding sentence text -> column of the same row holding that sentence's id."""
LINKS = {  # column -> what its id names
    "claim_id": "claim", "claim_a": "claim", "claim_b": "claim", "claim": "claim",
    "sentence_id": "sentence", "sentence_a_id": "sentence", "sentence_b_id": "sentence",
    "document_id": "document", "document_a": "document", "document_b": "document",
    "question_id": "question",
}
TITLE_COLUMNS = {"document_a_title": "document_a", "document_b_title": "document_b"}
"""Column holding a document's title -> column of the same row holding its id."""
LABELS = {"document": "SELECT COALESCE(title, path) FROM documents WHERE id = ?",
          "question": "SELECT label FROM questions WHERE id = ?"}
"""What a link to a document or a question says: its title or its question, not its id."""
TABLE_IDS = {"claims": "claim", "sentences": "sentence", "documents": "document", "questions": "question"}
NUMBERS = {"value_min", "value_max", "pop_min", "pop_max", "people_min", "people_max", "n_words", "n_sentences",
           "n_documents", "n_claims", "n_positions", "size", "claims", "documents"}
KEY_COLUMNS = {"predicate": "predicate", "event": "event", "topic": "concern"}

_SENTENCE_ENTITIES = ("SELECT s.start_char AS offset, s.text AS sentence, e.label, e.canonical, e.start_char, e.end_char "
                      "FROM sentences s LEFT JOIN entities e ON e.sentence_id = s.id WHERE s.id = ?")


def _get(row, column):
    try:
        value = row[column]
    except (KeyError, IndexError):
        return None
    return value["value"] if isinstance(value, dict) else value


def _sentence_html(path: str, sentence_id, value: str):
    rows = _connection(path).execute(_SENTENCE_ENTITIES, [sentence_id]).fetchall()
    if not rows or rows[0]["sentence"] != value:
        return None
    w = words()
    entities = [{**dict(r), "canonical": pages.entity_value(w, r["label"], r["canonical"])}
                for r in rows if r["label"] is not None]
    return highlight_html(value, rows[0]["offset"], entities)


def _link(database: str, kind: str, ident, label) -> Markup:
    return Markup('<a href="/{}/{}/{}">{}</a>').format(database, kind, ident, label)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    raw = value["value"] if isinstance(value, dict) else value
    path = datasette.get_database(database).path
    if path is None:
        return None
    # sentence text: highlighted, a link to the sentence in its context
    sentence_id = _get(row, "id") if (table == "sentences" and column == "text") else (
        _get(row, SENTENCE_COLUMNS[column]) if column in SENTENCE_COLUMNS else None)
    if sentence_id is not None and isinstance(raw, str):
        html = _sentence_html(path, sentence_id, raw)
        if html is not None:
            return Markup('<a class="pc-sentence" href="/{}/sentence/{}">{}</a>').format(database, sentence_id, html)
    # ids: links to the analyst's pages
    if column in TITLE_COLUMNS and isinstance(raw, str) and isinstance(_get(row, TITLE_COLUMNS[column]), int):
        return _link(database, "document", _get(row, TITLE_COLUMNS[column]), raw)
    if column == "report" and isinstance(raw, int):
        return Markup('<a href="/{}/document/{}/report">how it compares</a>').format(database, raw)
    kind = LINKS.get(column) or (TABLE_IDS.get(table) if column == "id" else None)
    if kind and isinstance(raw, int):
        if kind in LABELS:
            found = _connection(path).execute(LABELS[kind], [raw]).fetchone()
            return _link(database, kind, raw, found[0] if found and found[0] else raw)
        return _link(database, kind, raw, raw)
    if table == "questions" and column == "label" and isinstance(raw, str):
        return _link(database, "question", _get(row, "id"), raw)
    w = words()
    if column in KEY_COLUMNS and isinstance(raw, str):
        return escape(getattr(w, KEY_COLUMNS[column])(raw))
    if column == "object" and isinstance(raw, str) and _get(row, "predicate"):
        return escape(w.object(_get(row, "predicate"), raw))
    if column == "canonical" and isinstance(raw, str) and _get(row, "label") in ("DUTY", "CONCERN"):
        return escape(pages.entity_value(w, _get(row, "label"), raw))
    if column == "negated" and raw in (0, 1):
        return Markup("not") if raw else Markup("&nbsp;")
    if column in NUMBERS and isinstance(raw, int | float) and not isinstance(raw, bool):
        return escape(number(raw))
    return None
