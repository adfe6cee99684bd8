"""Question pages: the home page, which leads with the questions the documents answer, and a
question's page with its positions and the pairs that contradict, changed or differ (SPEC §5).
The building blocks (the `Site`, paging, claims as words) are `pages`'."""
from __future__ import annotations

from .pages import PAIRS_PAGE, VERDICT_ORDER, NotFound, Site, highlighted, pages, uncounted_pages

STATUSES = (
    ("disputed", "documents contradict each other"),
    ("changed", "the answer changed over time"),
    ("differ", "answers differ, the texts do not say when"),
    ("consensus", "the documents agree"),
)
HOME_QUESTIONS = 12  # per status on the home page; the rest one click away, paged
HOME_POSITIONS = 4  # positions named per question on the home page


async def has_table(site: Site, name: str) -> bool:
    return bool(await site.rows("SELECT 1 FROM sqlite_master WHERE name = :n", {"n": name}))


async def home(site: Site) -> dict:
    """The questions first (SPEC §5): per status, the most widely discussed, with their positions."""
    pairs = await _stored_pair_count(site)
    if not await has_table(site, "questions"):
        return {"questions": None, "pairs": pairs, "many_pairs": (pairs or 0) > COUNTED_PAIRS}
    groups = []
    for status, heading in STATUSES:
        total = (await site.one("SELECT COUNT(*) AS n FROM questions WHERE status = :s", {"s": status}))["n"]
        items = await site.rows("SELECT id, label, n_positions, n_documents FROM questions WHERE status = :s "
                                "ORDER BY n_documents DESC, n_positions DESC, id LIMIT :n", {"s": status, "n": HOME_QUESTIONS})
        positions: dict[int, list] = {q["id"]: [] for q in items}
        if items:
            ids = [q["id"] for q in items]
            for p in await site.rows(f"SELECT question_id, value, n_documents FROM positions WHERE question_id IN "
                                     f"({', '.join('?' * len(ids))}) ORDER BY n_documents DESC, id", ids):
                positions[p["question_id"]].append(p)
        groups.append({"status": status, "heading": heading, "total": total,
                       "all_url": site.url("questions", status=status, _sort_desc="n_documents"),
                       "shown": [{**q, "url": site.url("question", q["id"]), "positions": positions[q["id"]][:HOME_POSITIONS],
                                  "more_positions": max(0, len(positions[q["id"]]) - HOME_POSITIONS)} for q in items]})
    return {"questions": groups, "pairs": pairs, "many_pairs": (pairs or 0) > COUNTED_PAIRS}


COUNTED_PAIRS = 200_000
"""Above this many claim pairs, the home page links to the side-by-side views without their row count:
counting one verdict's pairs then takes longer than the time limit (1,000 synthetic documents, 2
million pairs: every view page waited 2 s for a count that never came)."""


async def _stored_pair_count(site: Site) -> int | None:
    """The comparisons view's row count as the run stored it (meta `counts`), never counted here."""
    import json

    found = await site.rows("SELECT value FROM meta WHERE key = 'counts'") if await has_table(site, "meta") else []
    try:
        return int(json.loads(found[0]["value"])["comparisons"]) if found else None
    except (ValueError, KeyError, TypeError):
        return None


QUESTION_DOCUMENTS = 10  # documents shown per position on a question's page; the rest paged by position
QUESTION_PAIRS = 20  # pairs shown per verdict on a question's page; the rest paged by verdict
STORED_VERDICT = {
    "contradict": "c.verdict_same_time = 'contradict'",
    "changed": "(c.verdict_same_time = 'changed' OR c.verdict_apart IS NOT NULL)",
    "differ": "(c.verdict_same_time = 'differ' OR c.verdict_apart IS NOT NULL)",
}
"""The group pairs whose stored verdicts can give each verdict (as the side-by-side views filter:
store/schema.py): a time-dependent group pair (`verdict_apart` set) can give changed or differ."""
STATUS_VERDICTS = {"disputed": ("contradict", "changed", "differ"), "changed": ("changed", "differ"), "differ": ("differ",)}
"""The pair verdicts a question of each status can hold: its status is its strongest verdict."""
STATUS_EXPLAINED = {
    "disputed": "Some documents contradict each other on this: for one event, or at one known time.",
    "changed": "The answer changed over time: the documents speak of different times, or a change the corpus "
               "states lies between them.",
    "differ": "The documents give different answers and do not say when: a change or a contradiction, the texts do "
              "not say which.",
    "consensus": "Every document that answers agrees, or is consistent (a finer date, an overlapping range).",
}
_BLOCK_GROUP_PAIRS = """c.group_comparison IN (
    SELECT gc.id FROM group_comparisons gc JOIN claim_groups g ON gc.group_a = g.id WHERE g.block = :block
    UNION SELECT gc.id FROM group_comparisons gc JOIN claim_groups g ON gc.group_b = g.id WHERE g.block = :block)"""
_QUESTION_PAIRS = """
SELECT c.verdict, c.reason, c.claim_a, c.claim_b, ca.sentence_id AS sentence_a, cb.sentence_id AS sentence_b,
       c.document_a, c.document_b
FROM comparisons c JOIN claims ca ON ca.id = c.claim_a JOIN claims cb ON cb.id = c.claim_b
WHERE {block} AND {stored} AND c.verdict = :verdict
LIMIT :limit OFFSET :offset"""
"""One page of a question's pairs with one verdict, in the stored order: no sort, so the first page of a
question with a million pairs costs what its rows cost; only group pairs whose stored verdicts can give
that verdict are expanded."""
_QUESTION_PAIR_COUNTS = """SELECT c.verdict, COUNT(*) AS pairs FROM comparisons c WHERE {block} GROUP BY c.verdict"""
COUNT_TIME_LIMIT_MS = 400  # counting a question's pairs gives up after this: a large question's page still opens
LIST_TIME_LIMIT_MS = 500  # finding a verdict's first pairs for the overview gives up after this (listed on its own page)
_POSITION_CLAIMS = """
SELECT pc.claim_id, pc.document_id, pc.sentence_id AS id, pc.modality, pc.time_text, pc.holder, s.text, s.start_char,
       d.title AS document_title, d.path AS document_path, d.published
FROM position_claims pc JOIN sentences s ON s.id = pc.sentence_id JOIN documents d ON d.id = pc.document_id
WHERE pc.position_id = :position AND pc.document_id IN (
    SELECT DISTINCT document_id FROM position_claims WHERE position_id = :position
    ORDER BY document_id LIMIT :limit OFFSET :offset)
ORDER BY pc.document_id, s.idx, pc.claim_id"""


async def question_page(site: Site, question_id: int, position_id: int | None = None, verdict: str | None = None,
                        page: int = 1) -> dict:
    """A question, its positions with the documents and sentences that hold each, and the pairs that make
    it disputed, changed or differ. With `position_id`, that position's documents alone, paged; with
    `verdict`, that verdict's pairs alone, paged."""
    question = await site.one("SELECT * FROM questions WHERE id = :id", {"id": question_id})
    positions = await site.rows("SELECT id, value, n_documents, n_claims, modalities FROM positions "
                                "WHERE question_id = :q ORDER BY n_documents DESC, n_claims DESC, id", {"q": question_id})
    if position_id is not None:
        positions = [p for p in positions if p["id"] == position_id]
        if not positions:
            raise NotFound(position_id)
    shown_positions = []
    for p in positions if verdict is None else []:
        size = QUESTION_DOCUMENTS if position_id is None else PAIRS_PAGE
        offset = (page - 1) * size if position_id is not None else 0
        claims = await site.rows(_POSITION_CLAIMS, {"position": p["id"], "limit": size, "offset": offset})
        html = await highlighted(site, claims)
        documents: dict[int, dict] = {}
        for c in claims:
            d = documents.setdefault(c["document_id"], {
                "id": c["document_id"], "title": c["document_title"] or c["document_path"], "published": c["published"],
                "url": site.url("document", c["document_id"]), "report_url": site.url("document", c["document_id"], "report"),
                "sentences": []})
            d["sentences"].append({**c, "html": html[c["id"]], "url": site.url("sentence", c["id"]),
                                   "claim_url": site.url("claim", c["claim_id"])})
        shown_positions.append({**p, "documents": list(documents.values()),
                                "more_url": site.url("question", question_id, position=p["id"])
                                if position_id is None and p["n_documents"] > QUESTION_DOCUMENTS else None,
                                "pages": pages(site, ("question", question_id), page, p["n_documents"], size,
                                               position=p["id"]) if position_id is not None else None})
    counted = await site.rows_within(_QUESTION_PAIR_COUNTS.format(block=_BLOCK_GROUP_PAIRS), {"block": question["block"]},
                                     COUNT_TIME_LIMIT_MS)
    counts = None if counted is None else {r["verdict"]: r["pairs"] for r in counted}
    possible = STATUS_VERDICTS.get(question["status"], ())  # a consensus question has no such pair
    pair_groups = []
    for v in ("contradict", "changed", "differ") if position_id is None else ():
        if verdict not in (None, v) or v not in possible or (counts is not None and not counts.get(v)):
            continue
        size = QUESTION_PAIRS if verdict is None else PAIRS_PAGE
        sql = _QUESTION_PAIRS.format(block=_BLOCK_GROUP_PAIRS, stored=STORED_VERDICT[v])
        params = {"block": question["block"], "verdict": v, "limit": size + 1, "offset": (page - 1) * size if verdict else 0}
        if verdict is None:  # the overview: a rare verdict among a large question's pairs is listed on its own page
            found = await site.rows_within(sql, params, LIST_TIME_LIMIT_MS)
            if found is None:
                pair_groups.append({"verdict": v, "total": counts.get(v) if counts else None, "pairs": None,
                                    "more_url": site.url("question", question_id, verdict=v), "pages": None})
                continue
        else:
            found = await site.rows(sql, params)
        more = len(found) > size
        found = found[:size]
        if not found:
            continue
        total = counts.get(v) if counts is not None else None
        sentences = await site.rows(
            "SELECT s.id, s.text, s.start_char, d.id AS document_id, d.title AS document_title FROM sentences s "
            f"JOIN documents d ON d.id = s.document_id WHERE s.id IN ({', '.join('?' * (2 * len(found)))})",
            [r[k] for r in found for k in ("sentence_a", "sentence_b")]) if found else []
        html = await highlighted(site, sentences)
        by_id = {s["id"]: {**s, "html": html[s["id"]], "url": site.url("sentence", s["id"]),
                           "document_url": site.url("document", s["document_id"])} for s in sentences}
        pair_groups.append({"verdict": v, "total": total,
                            "pairs": [{**r, "a": by_id[r["sentence_a"]], "b": by_id[r["sentence_b"]]} for r in found],
                            "more_url": site.url("question", question_id, verdict=v) if verdict is None and more else None,
                            "pages": (pages(site, ("question", question_id), page, total, size, verdict=v) if total is not None
                                      else uncounted_pages(site, ("question", question_id), page, more, size, verdict=v))
                            if verdict else None})
    key = {k: question[k] for k in ("subject", "predicate", "event", "object") if question[k] is not None}
    return {"question": {**question, "explained": STATUS_EXPLAINED.get(question["status"], "")},
            "positions": shown_positions, "pair_groups": pair_groups,
            "counts": None if counts is None else [{"verdict": v, "pairs": counts[v]} for v in VERDICT_ORDER if counts.get(v)],
            "agreements_url": site.url("agreements", **key)
            if counts is None or counts.get("agree") or counts.get("compatible") else None,
            "focus": "position" if position_id is not None else ("verdict" if verdict else None),
            "all_url": site.url("question", question_id),
            "title": question["label"]}
