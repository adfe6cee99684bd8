from pipeline.evaluation.alignment import OffsetMap


def test_spans_move_with_the_text_and_changed_stretches_are_lost():
    old = "Page 1 of 2\nThe board meets in May.\nIt plans budgets."
    new = "The board meets in May.\n\nIt plans budgets."
    offsets = OffsetMap(old, new)
    board = (old.index("board"), old.index("board") + len("board"))
    start, end = offsets.span(*board)
    assert new[start:end] == "board"
    plans = (old.index("plans"), old.index("plans") + len("plans"))
    assert new.__getitem__(slice(*offsets.span(*plans))) == "plans"
    across = (old.index("May."), old.index("It") + 2)  # the line break changed inside this span
    assert offsets.span(*across) is None
    assert offsets.span(0, 4) is None  # "Page" is gone


def test_identical_texts_keep_every_offset():
    assert OffsetMap("same text", "same text").span(2, 6) == (2, 6)
