"""Pages: what the analyst's pages show, read from the database as plain dicts for the templates.

Each function takes a Datasette `Database` (its `execute` runs in Datasette's thread pool under
the configured time limit) and returns the context of one page; the templates under
datasette/templates/ lay it out. Document text is untrusted: sentences become Markup only
through `render.highlight_html` / `render.marked_html`, which escape every character.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup

from .render import highlight_html, marked_html, safe_url
from .words import Words, number

CONTEXT_SENTENCES = 3  # sentences shown before and after the one a link points to
TEXT_PAGE_SENTENCES = 400  # a document's text page shows this many sentences at a time
PAIRS_PAGE = 50  # comparisons of one claim per page
SEARCH_PAGE = 50

VERDICT_ORDER = ("contradict", "differ", "changed", "compatible", "agree")
_VERDICT_RANK = "CASE {v} WHEN 'contradict' THEN 0 WHEN 'differ' THEN 1 WHEN 'changed' THEN 2 WHEN 'compatible' THEN 3 ELSE 4 END"


class NotFound(LookupError):
    """No such row: the route answers 404."""


@dataclass(frozen=True)
class Site:
    """What every page needs: the database, its name in URLs, and the display words."""

    db: object  # datasette.database.Database
    name: str
    words: Words

    def url(self, *parts, **query) -> str:
        path = "/" + "/".join([self.name, *map(str, parts)])
        query = {k: v for k, v in query.items() if v not in (None, "")}
        return path + ("?" + urlencode(query) if query else "")

    async def rows(self, sql: str, params=None) -> list[dict]:
        return [dict(r) for r in (await self.db.execute(sql, params or {})).rows]

    async def rows_within(self, sql: str, params, time_limit_ms: int) -> list[dict] | None:
        """The rows, or None when the query takes longer than `time_limit_ms` (a count on a large database)."""
        from datasette.database import QueryInterrupted

        try:
            results = await self.db.execute(sql, params, custom_time_limit=time_limit_ms)
        except QueryInterrupted:
            return None
        return [dict(r) for r in results.rows]

    async def one(self, sql: str, params=None) -> dict:
        found = await self.rows(sql, params)
        if not found:
            raise NotFound(params)
        return found[0]


# --- sentences with their entities ------------------------------------------------------------

async def highlighted(site: Site, sentences: list[dict]) -> dict[int, Markup]:
    """Each sentence's text with its entities marked (escaped), by sentence id."""
    ids = [s["id"] for s in sentences]
    entities: dict[int, list[dict]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ", ".join("?" * len(part))
        for e in await site.rows(f"SELECT sentence_id, label, canonical, start_char, end_char FROM entities "
                                 f"WHERE sentence_id IN ({marks})", part):
            e["canonical"] = entity_value(site.words, e["label"], e["canonical"])
            entities[e["sentence_id"]].append(e)
    return {s["id"]: highlight_html(s["text"], s["start_char"], entities[s["id"]]) for s in sentences}


def entity_value(words: Words, label: str, canonical) -> str | None:
    """An entity's normalised value as a reader says it (a duty key or concern topic in words)."""
    if canonical is None:
        return None
    if label == "DUTY":
        return words.duty(canonical)
    if label == "CONCERN":
        return words.concern(canonical)
    return canonical


def describe_document(site: Site, d: dict) -> dict:
    """The header fields of a document page, escaped later by the template; a URL only if http(s)."""
    return {**d, "url": safe_url(d.get("url")), "n_words_text": number(d.get("n_words")),
            "n_sentences_text": number(d.get("n_sentences")), "text_url": site.url("document", d["id"]),
            "report_url": site.url("document", d["id"], "report")}


_DOCUMENT = ("SELECT id, path, title, publisher, url, published, n_sentences, n_words, status, error "
             "FROM documents WHERE id = :id")


# --- one sentence (or claim) in its context ---------------------------------------------------

def pairs_of(mine: str) -> str:
    """SQL (a WITH clause) for every comparison of some claims with other documents' claims, from their
    side: `pairs(verdict, reason, mine, other)`, `mine` the claims `mine` selects (id, group_id, document_id).

    A group pair whose verdict does not depend on time gives every claim pair its verdict, so its pairs
    are read from the claim groups, no per-pair time logic (reason left NULL: `_reason` finds it); only
    time-dependent group pairs go through the comparisons view. The same pairs, verdicts and reasons as
    the view (tests/web/test_datasette.py checks claim by claim and document by document)."""
    return f"""
WITH mine AS ({mine}),
untimed AS (
  SELECT mine.id AS mine, mine.document_id, gc.verdict,
         CASE WHEN gc.group_a = mine.group_id THEN gc.group_b ELSE gc.group_a END AS other_group
  FROM mine JOIN group_comparisons gc ON gc.group_a = mine.group_id WHERE gc.verdict_apart IS NULL
  UNION ALL
  SELECT mine.id, mine.document_id, gc.verdict, gc.group_a FROM mine JOIN group_comparisons gc ON gc.group_b = mine.group_id
  WHERE gc.verdict_apart IS NULL AND gc.group_a != gc.group_b),
timed AS (
  SELECT c.verdict, c.reason, c.claim_a, c.claim_b FROM comparisons c
  WHERE c.group_comparison IN (
      SELECT gc.id FROM mine JOIN group_comparisons gc ON gc.group_a = mine.group_id WHERE gc.verdict_apart IS NOT NULL
      UNION SELECT gc.id FROM mine JOIN group_comparisons gc ON gc.group_b = mine.group_id WHERE gc.verdict_apart IS NOT NULL)
    AND (c.claim_a IN (SELECT id FROM mine) OR c.claim_b IN (SELECT id FROM mine))),
pairs AS (
  SELECT u.verdict, NULL AS reason, u.mine, o.id AS other
  FROM untimed u JOIN claims o ON o.group_id = u.other_group WHERE o.document_id != u.document_id
  UNION ALL
  SELECT verdict, reason, claim_a, claim_b FROM timed WHERE claim_a IN (SELECT id FROM mine)
  UNION ALL
  SELECT verdict, reason, claim_b, claim_a FROM timed WHERE claim_b IN (SELECT id FROM mine))
"""


_ONE_CLAIM = "SELECT id, group_id, document_id FROM claims WHERE id = :claim"
_CLAIM_PAIRS = pairs_of(_ONE_CLAIM) + f"""
SELECT p.verdict, p.reason, o.id AS claim_id, o.group_id, s.id, s.text, s.start_char, d.id AS document_id,
       d.title AS document_title
FROM pairs p JOIN claims o ON o.id = p.other JOIN sentences s ON s.id = o.sentence_id
JOIN documents d ON d.id = o.document_id
ORDER BY {_VERDICT_RANK.format(v="p.verdict")}, d.id, o.id
LIMIT :limit OFFSET :offset"""
_CLAIM_PAIR_COUNTS = pairs_of(_ONE_CLAIM) + """
SELECT p.verdict, COUNT(*) AS pairs, COUNT(DISTINCT o.document_id) AS documents
FROM pairs p JOIN claims o ON o.id = p.other GROUP BY p.verdict"""
_CLAIM = """SELECT id, document_id, sentence_id, subject, predicate, event, object, object_text, holder, value_min,
  value_max, date_start, date_end, date_granularity, modality, negated, as_of_start, as_of_end, confidence, source,
  group_id FROM claims"""


async def claim_comparisons(site: Site, claim: dict, limit: int, offset: int = 0) -> dict:
    """The comparisons of one claim with other documents' claims, the strongest verdict first."""
    params = {"claim": claim["id"], "group": claim["group_id"], "limit": limit, "offset": offset}
    counts = {r["verdict"]: r for r in await site.rows(_CLAIM_PAIR_COUNTS, params)}
    rows = await site.rows(_CLAIM_PAIRS, params) if counts else []
    for r in rows:
        if r["reason"] is None:
            r["reason"] = await _reason(site, claim, {"id": r["claim_id"], "group_id": r["group_id"]})
    html = await highlighted(site, rows)
    pairs = [{**r, "html": html[r["id"]], "sentence_url": site.url("sentence", r["id"]),
              "claim_url": site.url("claim", r["claim_id"]), "document_url": site.url("document", r["document_id"])}
             for r in rows]
    total = sum(c["pairs"] for c in counts.values())
    return {"pairs": pairs, "total": total,
            "counts": [{"verdict": v, **counts[v]} for v in VERDICT_ORDER if v in counts]}


def claim_view(site: Site, claim: dict) -> dict:
    return {**claim, "text": site.words.claim(claim), "url": site.url("claim", claim["id"]),
            "as_of": as_of_text(claim)}


def as_of_text(claim: dict) -> str:
    start, end = claim.get("as_of_start"), claim.get("as_of_end")
    if not start and not end:
        return ""
    return f"{start or 'unknown'} to {end or 'unknown'}"


async def sentence_page(site: Site, sentence_id: int, claim_id: int | None = None, page: int = 1) -> dict:
    """A sentence inside its document, the sentences around it, and its claims with their comparisons.
    With `claim_id`, that claim alone, with every comparison paged."""
    if claim_id is not None:
        focus = await site.one(_CLAIM + " WHERE id = :id", {"id": claim_id})
        sentence_id = focus["sentence_id"]
    sentence = await site.one("SELECT id, document_id, idx FROM sentences WHERE id = :id", {"id": sentence_id})
    document = await site.one(_DOCUMENT, {"id": sentence["document_id"]})
    around = await site.rows(
        "SELECT id, idx, start_char, text, (SELECT COUNT(*) FROM claims c WHERE c.sentence_id = s.id) AS n_claims "
        "FROM sentences s WHERE document_id = :d AND idx BETWEEN :lo AND :hi ORDER BY idx",
        {"d": document["id"], "lo": sentence["idx"] - CONTEXT_SENTENCES, "hi": sentence["idx"] + CONTEXT_SENTENCES})
    html = await highlighted(site, around)
    claims = [focus] if claim_id is not None else await site.rows(_CLAIM + " WHERE sentence_id = :id ORDER BY id",
                                                                   {"id": sentence_id})
    per_claim = PAIRS_PAGE if claim_id is not None else 10
    listed = []
    for claim in claims:
        compared = await claim_comparisons(site, claim, per_claim, (page - 1) * per_claim if claim_id else 0)
        listed.append({**claim_view(site, claim), **compared,
                       "pages": pages(site, ("claim", claim["id"]), page, compared["total"], per_claim)
                       if claim_id is not None else None})
    text_page = sentence["idx"] // TEXT_PAGE_SENTENCES + 1
    return {
        "document": describe_document(site, document),
        "sentence": sentence,
        "around": [{**s, "html": html[s["id"]], "focus": s["id"] == sentence_id, "url": site.url("sentence", s["id"])}
                   for s in around],
        "claims": listed,
        "focus_claim": claim_id,
        "in_text_url": site.url("document", document["id"], page=text_page if text_page > 1 else None)
        + f"#s{sentence['idx']}",
        "title": (site.words.claim(claims[0]) if claim_id is not None else f"Sentence {sentence['idx'] + 1}")
        + f" · {document['title'] or document['path']}",
    }


def pages(site: Site, path: tuple, page: int, total: int, size: int, **query) -> dict | None:
    """Explicit page links ("page 2 of 7"), or None when everything fits on one page."""
    last = max(1, -(-total // size))
    if last == 1:
        return None

    def link(n):
        return site.url(*path, **query, page=n if n > 1 else None)

    return {"page": page, "last": last, "total": total, "first_shown": (page - 1) * size + 1,
            "last_shown": min(page * size, total), "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < last else None,
            "links": [{"n": n, "url": link(n), "current": n == page} for n in range(1, last + 1)
                      if n in (1, last) or abs(n - page) <= 3]}


def uncounted_pages(site: Site, path: tuple, page: int, more: bool, size: int, **query) -> dict | None:
    """Previous and next links where the total was too costly to count."""
    if page == 1 and not more:
        return None

    def link(n):
        return site.url(*path, **query, page=n if n > 1 else None)

    return {"page": page, "last": None, "total": None, "first_shown": (page - 1) * size + 1, "last_shown": None,
            "previous": link(page - 1) if page > 1 else None, "next": link(page + 1) if more else None, "links": []}


# --- a document's text ------------------------------------------------------------------------

async def document_page(site: Site, document_id: int, page: int = 1) -> dict:
    """The document sentence by sentence, entities marked, each sentence with claims linked to them."""
    document = await site.one(_DOCUMENT, {"id": document_id})
    total = document["n_sentences"] or 0
    sentences = await site.rows(
        "SELECT id, idx, start_char, text, (SELECT COUNT(*) FROM claims c WHERE c.sentence_id = s.id) AS n_claims "
        "FROM sentences s WHERE document_id = :d AND idx >= :lo AND idx < :hi ORDER BY idx",
        {"d": document_id, "lo": (page - 1) * TEXT_PAGE_SENTENCES, "hi": page * TEXT_PAGE_SENTENCES})
    html = await highlighted(site, sentences)
    return {"document": describe_document(site, document),
            "sentences": [{**s, "html": html[s["id"]], "url": site.url("sentence", s["id"])} for s in sentences],
            "pages": pages(site, ("document", document_id), page, total, TEXT_PAGE_SENTENCES),
            "title": document["title"] or document["path"]}


# --- a document's report ----------------------------------------------------------------------

_FAMILY = "CASE WHEN verdict IN ('agree', 'compatible') THEN 'agree' ELSE verdict END"
_REPORT_PAIRS = pairs_of("SELECT id, group_id, document_id FROM claims WHERE document_id = :d") + """
SELECT {family} AS family, pos.question_id, oc.document_id AS other_document, og.value_text AS other_value,
       MIN(p.verdict) AS verdict, MIN(p.reason) AS reason, MIN(printf('%d %d', p.other, p.mine)) AS example, MIN({rank}) AS rank
FROM pairs p JOIN claims mc ON mc.id = p.mine JOIN claim_groups mg ON mg.id = mc.group_id
JOIN positions pos ON pos.id = mg.position_id
JOIN claims oc ON oc.id = p.other JOIN claim_groups og ON og.id = oc.group_id
GROUP BY 1, 2, 3, 4""".replace("{family}", _FAMILY.replace("verdict", "p.verdict")).replace(
    "{rank}", _VERDICT_RANK.format(v="p.verdict"))
"""What a document's claims meet in other documents: one row per verdict family (agree and compatible
are both agreement), question, other document and its answer, with one example pair."""
_PAIR_REASON = """
SELECT c.reason FROM comparisons c
WHERE c.group_comparison IN (SELECT gc.id FROM group_comparisons gc WHERE (gc.group_a = :ga AND gc.group_b = :gb)
                                                                      OR (gc.group_a = :gb AND gc.group_b = :ga))
  AND c.claim_a = :a AND c.claim_b = :b"""
_REPORT_MINE = """
SELECT c.id, c.sentence_id, c.subject, c.predicate, c.event, c.object, c.value_min, c.value_max, c.date_start, c.date_end,
       c.date_granularity, c.negated, c.modality, c.holder, g.value_text AS value, pos.question_id, q.label, q.status
FROM claims c LEFT JOIN claim_groups g ON g.id = c.group_id
LEFT JOIN positions pos ON pos.id = g.position_id LEFT JOIN questions q ON q.id = pos.question_id
WHERE c.document_id = :d ORDER BY c.sentence_id, c.id"""

REPORT_SECTIONS = (
    ("contradict", "Contradicts", "Questions on which another document states otherwise for the same time or the same "
                                  "one-off event"),
    ("changed", "Changed", "Questions whose answer changed over time between this document and another (the reason "
                           "says which came first)"),
    ("differ", "Differs", "Questions another document answers otherwise, where the texts do not say whether it is a "
                          "change or a contradiction"),
    ("agree", "Agrees with", "Questions other documents answer alike, or consistently (a finer date, an overlapping "
                             "range)"),
)
REPORT_DOCUMENTS = 8  # other documents named per question and verdict in a report; the rest on the question's page


async def report_page(site: Site, document_id: int) -> dict:
    """What a document says and how it compares, question by question: where other documents contradict
    it, where the answer changed, where answers differ, where they agree (naming the documents and their
    answers, each a link to the sentence), and the questions only it answers."""
    document = await site.one(_DOCUMENT, {"id": document_id})
    mine = await site.rows(_REPORT_MINE, {"d": document_id})
    answers = await site.rows(_REPORT_PAIRS, {"d": document_id})
    documents_of: dict[tuple, set] = {}
    for r in answers:
        documents_of.setdefault((r["family"], r["question_id"]), set()).add(r["other_document"])
        documents_of.setdefault((r["family"],), set()).add(r["other_document"])
    answers.sort(key=lambda r: (r["rank"], r["other_document"], r["other_value"] or ""))
    listed: dict[tuple, int] = {}
    others = []
    for r in answers:  # the first REPORT_DOCUMENTS answers per family and question, strongest verdict first
        key = (r["family"], r["question_id"])
        if listed.get(key, 0) < REPORT_DOCUMENTS:
            listed[key] = listed.get(key, 0) + 1
            other, mine_id = map(int, r["example"].split())
            others.append({**r, "other": other, "mine": mine_id})
    questions: dict[int, dict] = {}
    unasked = []  # claims no question asks about (a concern about no body named)
    for c in mine:
        if c["question_id"] is None:
            unasked.append({"text": site.words.claim(c), "url": site.url("claim", c["id"]),
                            "sentence_url": site.url("sentence", c["sentence_id"])})
            continue
        q = questions.setdefault(c["question_id"], {
            "id": c["question_id"], "label": c["label"], "status": c["status"], "url": site.url("question", c["question_id"]),
            "values": {}})
        q["values"].setdefault(c["value"], []).append({"url": site.url("sentence", c["sentence_id"]),
                                                       "claim_url": site.url("claim", c["id"])})
    titles = {}
    ids = sorted({r["other_document"] for r in others})
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        titles |= {r["id"]: r["title"] for r in await site.rows(
            f"SELECT id, COALESCE(title, path) AS title FROM documents WHERE id IN ({', '.join('?' * len(part))})", part)}
    other_claims = {}
    ids = sorted({r["other"] for r in others} | {r["mine"] for r in others})
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        other_claims |= {r["id"]: r for r in await site.rows(
            f"SELECT id, sentence_id, group_id FROM claims WHERE id IN ({', '.join('?' * len(part))})", part)}
    other_sentences = {i: c["sentence_id"] for i, c in other_claims.items()}
    sections = []
    for family, heading, explanation in REPORT_SECTIONS:
        entries: dict[int, dict] = {}
        for r in (r for r in others if r["family"] == family):
            q = questions[r["question_id"]]
            if r["question_id"] not in entries and family != "agree" and r["reason"] is None:
                r = {**r, "reason": await _reason(site, other_claims[r["mine"]], other_claims[r["other"]])}
            entry = entries.setdefault(r["question_id"], {**q, "mine": _values(q), "others": {},
                                                          "reason": r["reason"], "verdict": r["verdict"],
                                                          "n_documents": len(documents_of[(family, r["question_id"])])})
            entry["others"].setdefault(r["other_value"], []).append({
                "id": r["other_document"], "title": titles.get(r["other_document"]), "verdict": r["verdict"],
                "reason": r["reason"],
                "url": site.url("sentence", other_sentences[r["other"]])})
        shown = sorted(entries.values(), key=lambda e: (-e["n_documents"], e["label"]))
        for e in shown:
            e["others"] = [{"value": v, "documents": docs} for v, docs in e["others"].items()]
            e["more"] = e["n_documents"] - len({d["id"] for o in e["others"] for d in o["documents"]})
        sections.append({"family": family, "heading": heading, "explanation": explanation, "questions": shown,
                         "documents": len(documents_of.get((family,), ()))})
    compared = {r["question_id"] for r in answers}
    alone = sorted(({**q, "mine": _values(q)} for i, q in questions.items() if i not in compared), key=lambda q: q["label"])
    return {"document": describe_document(site, document), "sections": sections, "alone": alone, "unasked": unasked,
            "n_questions": len(questions), "n_claims": len(mine), "title": f"Report: {document['title'] or document['path']}"}


async def _reason(site: Site, a: dict, b: dict) -> str | None:
    """The comparisons view's reason for one claim pair (found through its group pair)."""
    a, b = sorted((a, b), key=lambda c: c["id"])
    found = await site.rows(_PAIR_REASON, {"ga": a["group_id"], "gb": b["group_id"], "a": a["id"], "b": b["id"]})
    return found[0]["reason"] if found else None


def _values(question: dict) -> list[dict]:
    """The document's own answers to a question, each with links to the sentences that give it."""
    return [{"value": value, "sentences": sentences} for value, sentences in question["values"].items()]


# --- search -----------------------------------------------------------------------------------

_SEARCH_WORD = re.compile(r"\w+")
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches, replaced after escaping


async def search_page(site: Site, query: str, page: int = 1) -> dict:
    """Sentences matching the words of `query` (all of them, any form: the index stems), best first,
    the matches marked."""
    query = " ".join(query.split())
    words = _SEARCH_WORD.findall(query)
    if not words:
        return {"query": query, "results": [], "total": 0, "pages": None, "title": "Search the sentences"}
    match = " ".join(f'"{w}"' for w in words)  # each word quoted: no operator or syntax error reaches FTS5
    total = (await site.one("SELECT COUNT(*) AS n FROM sentences_fts WHERE sentences_fts MATCH :q", {"q": match}))["n"]
    rows = await site.rows(
        f"SELECT s.id, s.idx, highlight(sentences_fts, 0, '{_OPEN}', '{_CLOSE}') AS marked, d.id AS document_id, "
        "d.title AS document_title, (SELECT COUNT(*) FROM claims c WHERE c.sentence_id = s.id) AS n_claims "
        "FROM sentences_fts JOIN sentences s ON s.rowid = sentences_fts.rowid JOIN documents d ON d.id = s.document_id "
        "WHERE sentences_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset",
        {"q": match, "limit": SEARCH_PAGE, "offset": (page - 1) * SEARCH_PAGE})
    results = [{**r, "html": marked_html(r["marked"], _OPEN, _CLOSE), "url": site.url("sentence", r["id"]),
                "document_url": site.url("document", r["document_id"])} for r in rows]
    return {"query": query, "results": results, "total": total,
            "pages": pages(site, ("search",), page, total, SEARCH_PAGE, q=query),
            "title": f"Search: {query}"}
