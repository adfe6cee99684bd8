"""Datasette plugin: sentences shown with their entity spans highlighted (escaped HTML)."""
from datasette import hookimpl

from pipeline.render import highlight_html

# column holding sentence text -> column of the same row holding that sentence's id
SENTENCE_COLUMNS = {"sentence": "sentence_id", "sentence_a": "sentence_a_id", "sentence_b": "sentence_b_id"}


def _sentence_id(row, column, table):
    if table == "sentences" and column == "text":
        return row["id"]
    id_column = SENTENCE_COLUMNS.get(column)
    if id_column is None:
        return None
    try:
        return row[id_column]
    except (KeyError, IndexError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    sentence_id = _sentence_id(row, column, table)
    if sentence_id is None:
        return None

    async def highlighted():
        db = datasette.get_database(database)
        sentence = (await db.execute("SELECT start_char, text FROM sentences WHERE id = ?", [sentence_id])).first()
        if sentence is None or sentence["text"] != value:
            return None
        entities = await db.execute(
            "SELECT label, canonical, start_char, end_char FROM entities WHERE sentence_id = ? ORDER BY start_char",
            [sentence_id])
        return highlight_html(value, sentence["start_char"], [dict(e) for e in entities])

    return highlighted
