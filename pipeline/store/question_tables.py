"""Questions: the question, positions and status of each block of claims (SPEC §5, §6), brought
up to date for the blocks a run touched. What a question says and how a status follows from
verdicts is compare/questions.py; this module is the SQL that reads the touched blocks and writes
`questions` and `positions`. `db` is the run's sqlite-utils database, inside its transaction.
"""
from __future__ import annotations

from ..compare.questions import STATUS_OF_VERDICT, GroupTimes, question_label, question_status, strongest_verdict
from ..compare.time import MAX_SAME_DAYS, TRANSITION_SQL
from ..compare.verdicts import BodyKinds
from .schema import DECISIVE_PAIRS


def update_questions(db, blocks: list[str], kinds: BodyKinds) -> None:
    """The question, positions and status of each block (compare/questions.py), a few set-wise
    queries over the touched blocks; a block left without claims loses its question."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_blocks (block TEXT PRIMARY KEY)")
    db.execute("DELETE FROM touched_blocks")
    db.conn.executemany("INSERT INTO touched_blocks VALUES (?)", [(b,) for b in blocks])
    in_touched = "g.block IN (SELECT block FROM touched_blocks)"
    groups: dict[str, dict[int, tuple]] = {}
    for gid, block, subject, predicate, event, obj, value in db.execute(
            f"SELECT g.id, g.block, g.subject, g.predicate, g.event, g.object, g.value_text FROM claim_groups g "
            f"WHERE {in_touched} ORDER BY g.id"):
        groups.setdefault(block, {})[gid] = (subject, predicate, event, obj, value)
    gone = [b for b in blocks if b not in groups]
    db.conn.executemany("DELETE FROM positions WHERE question_id IN (SELECT id FROM questions WHERE block = ?)",
                        [(b,) for b in gone])
    db.conn.executemany("DELETE FROM questions WHERE block = ?", [(b,) for b in gone])
    strongest: dict[str, set[str]] = {b: set() for b in groups}
    # only the verdicts that decide a status: contradict, changed, differ; a few seeks per group in
    # their own index (0.27 s reading a large block's pairs at 10,000 documents; 0.01 s)
    decisive = " UNION ALL ".join(f"SELECT {v!r} AS verdict" for v in STATUS_OF_VERDICT)
    for block, verdict in db.execute(
            f"SELECT DISTINCT g.block, v.verdict FROM claim_groups g CROSS JOIN ({decisive}) v WHERE {in_touched} "
            f"AND EXISTS (SELECT 1 FROM group_comparisons gc INDEXED BY idx_group_comparisons_decisive "
            f"WHERE gc.group_a = g.id AND gc.verdict = v.verdict AND {DECISIVE_PAIRS.format(t='gc.')})"):
        strongest[block].add(verdict)
    _add_timed_verdicts(db, strongest)
    counts = {block: (n, docs) for block, n, docs in db.execute(
        f"SELECT g.block, COUNT(*), COUNT(DISTINCT c.document_id) FROM claims c JOIN claim_groups g ON g.id = c.group_id "
        f"WHERE {in_touched} GROUP BY g.block")}
    words = kinds.question_words
    rows = []
    for block, members in groups.items():
        subject, predicate, event, obj, _ = next(iter(members.values()))
        first = {"subject": subject, "predicate": predicate, "event": event, "object": obj}
        n_claims, n_documents = counts.get(block, (0, 0))
        rows.append((block, None if predicate == "has_duty" else subject, predicate, event,
                     None if predicate == "has_status" else obj, question_label(first, words),
                     question_status(strongest[block]), len({m[4] for m in members.values()}), n_documents, n_claims))
    db.conn.executemany(
        "INSERT INTO questions (block, subject, predicate, event, object, label, status, n_positions, n_documents, "
        "n_claims) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (block) DO UPDATE SET subject = excluded.subject, "
        "predicate = excluded.predicate, event = excluded.event, object = excluded.object, label = excluded.label, "
        "status = excluded.status, n_positions = excluded.n_positions, n_documents = excluded.n_documents, "
        "n_claims = excluded.n_claims", rows)
    _update_positions(db, in_touched)


def _update_positions(db, in_touched: str) -> None:
    """One position per distinct value of each touched question's groups (ids kept for values that
    stay), and each group's position."""
    positions = db.execute(
        "SELECT q.id, g.value_text, COUNT(*), COUNT(DISTINCT c.document_id), group_concat(DISTINCT c.modality) "
        "FROM claims c JOIN claim_groups g ON g.id = c.group_id JOIN questions q ON q.block = g.block "
        f"WHERE {in_touched} GROUP BY q.id, g.value_text").fetchall()
    # the touched questions' positions whose value no group holds any more (found here from the rows
    # just counted: a NOT EXISTS over a large block's groups cost 0.5 s at 10,000 documents)
    current = {(q, value) for q, value, *_ in positions}
    db.conn.executemany("DELETE FROM positions WHERE id = ?", [
        (pid,) for pid, q, value in db.execute(
            "SELECT p.id, p.question_id, p.value FROM positions p JOIN questions q ON q.id = p.question_id "
            "JOIN touched_blocks t ON t.block = q.block")
        if (q, value) not in current])
    db.conn.executemany(
        "INSERT INTO positions (question_id, value, n_claims, n_documents, modalities) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (question_id, value) DO UPDATE SET n_claims = excluded.n_claims, "
        "n_documents = excluded.n_documents, modalities = excluded.modalities",
        [(q, value, n, docs, ", ".join(sorted((ms or "").split(",")))) for q, value, n, docs, ms in positions])
    db.execute(f"UPDATE claim_groups AS g SET position_id = p.id FROM questions q JOIN positions p ON p.question_id = q.id "
               f"WHERE q.block = g.block AND p.value = g.value_text AND {in_touched}")


def _add_timed_verdicts(db, strongest: dict[str, set[str]]) -> None:
    """Add to each block's verdicts the strongest of its time-dependent group pairs
    (compare.questions.strongest_verdict), block by block, stopping at a contradiction: a large
    corpus has millions of such pairs, and one contradiction decides a question's status. Once a
    block has a change, only a pair that may contradict can alter its status, so only those are read
    (through the block's groups: the verdict's index would read every contradiction of the corpus)."""
    transitions: dict[str, list[dict]] = {}
    for block, found in strongest.items():
        if "contradict" in found:
            continue
        may_contradict = " AND gc.verdict = 'contradict'" if "changed" in found else ""
        times: dict[int, GroupTimes] | None = None
        for ga, gb, verdict, apart, positive, subject in db.execute(
                "SELECT gc.group_a, gc.group_b, gc.verdict, gc.verdict_apart, gc.positive_group, gc.subject "
                "FROM claim_groups g JOIN group_comparisons gc INDEXED BY idx_group_comparisons_group_a "
                f"ON gc.group_a = g.id WHERE g.block = ? AND gc.verdict_apart IS NOT NULL{may_contradict}", [block]):
            if "changed" in found and verdict != "contradict":  # found by an earlier pair of this block
                continue
            if times is None:
                times = _group_times(db, block)
            if subject not in transitions:  # what orders two claims is a change's kind and dates alone
                transitions[subject] = [dict(r) for r in db.query(
                    f"SELECT DISTINCT event, date_start, date_end FROM claims t WHERE t.subject = ? AND "
                    f"{TRANSITION_SQL.format(t='t')} ORDER BY date_start, date_end, event", [subject])]
            pair = {"verdict": verdict, "verdict_apart": apart,
                    "positive": None if positive is None else int(positive == gb)}
            found.add(strongest_verdict(pair, times[ga], times[gb], transitions[subject]))
            if "contradict" in found:
                break


def _group_times(db, block: str) -> dict[int, GroupTimes]:
    """The times of the claims of each group of a block that question statuses read
    (compare/questions.py), from the index of each group's claims."""
    times = {gid: GroupTimes(*rest[:4], bool(rest[4]), bool(rest[5])) for gid, *rest in db.execute(
        "SELECT c.group_id, MIN(c.as_of_start), MAX(c.as_of_start), MIN(c.as_of_end), MAX(c.as_of_end), "
        "SUM(c.as_of_start IS NULL), SUM(c.as_of_end IS NULL) "
        "FROM claim_groups g JOIN claims c ON c.group_id = g.id WHERE g.block = ? GROUP BY c.group_id", [block])}
    for gid, start, end in db.execute(
            "SELECT DISTINCT c.group_id, c.as_of_start, c.as_of_end FROM claim_groups g JOIN claims c ON c.group_id = g.id "
            "WHERE g.block = ? AND c.as_of_start IS NOT NULL AND c.as_of_end IS NOT NULL "
            f"AND julianday(c.as_of_end) - julianday(c.as_of_start) <= {MAX_SAME_DAYS}", [block]):
        times[gid].short.append((start, end))
    return times
