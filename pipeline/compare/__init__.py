"""Compare: claims in, one verdict per pair of claims from different documents (SPEC §5).

`verdicts` (pure rules over two claim records), `time` (the one "same time", with its SQL twin),
`reasons` (values as a reader says them), `grouping` (claims that say the same thing, compared
once per pair of groups, so that adding a document compares only what it brings).
"""
