"""Claims: the entities of each sentence in, `Claim` records out (SPEC §4).

Rules per predicate (claims/rules/) read one sentence at a time through a `SentenceView`
(claims/view.py); `candidates` walks the document with its discourse state (claims/discourse.py),
reads qualifiers (claims/qualifiers.py) and time (claims/time.py); `scorer` grades the candidates.
"""
