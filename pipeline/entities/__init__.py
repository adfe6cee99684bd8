"""Entities: BODY, POLICY, DATE, POPULATION, DUTY and CONCERN spans with normalised values (SPEC §3).

One module per family (gazetteer, dates, populations, cues); tagger.py runs them over a document.
"""
