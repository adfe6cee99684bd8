"""Settings: every number the pipeline decides with that is not learnt, in one frozen record.

Confidences are the prior each component gives what it finds; thresholds are where a rule
stops believing itself. They are code, not data: changing one changes `pipeline_version`,
so the next `make` re-processes the corpus (and retrains the scorer, which reads them).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from . import paths


@dataclass(frozen=True)
class Settings:
    """What `Extractor`, `run` and training decide with; `Settings()` is the shipped configuration."""

    # enabled models
    use_scorer: bool = True  # grade and filter the rules' claims with the trained claim scorer
    use_parser: bool = True  # read subjects from the trained dependency parse (models/syntax/) where it has one
    # ingest and isolation: what a run may spend on one document (run options: see RUN_OPTIONS)
    max_bytes: int = 20 * 1024 * 1024  # a larger file is an error row, never read
    max_metadata_bytes: int = 1024 * 1024  # a larger sidecar is an error row, never read
    time_budget: float = 600.0
    """Seconds one document may take to read and process (in a worker process, killed past it): an
    error row, and the run goes on. Processing is linear in length, about 2 MB a minute on one core
    of this project's machine, so the default only stops the pathological."""
    max_sentence_chars: int = 2000
    """A longer sentence is cut into windows of at most this many characters (at a space): the rules
    read a sentence as a whole, so without a bound one unpunctuated megabyte costs its length squared."""
    # entities: the confidence each source gives its spans
    registry_confidence: float = 1.0  # a name from the registries
    defined_acronym_confidence: float = 0.9  # an acronym the document defines ("care boards (ICBs)")
    org_pattern_confidence: float = 0.7  # an organisation- or policy-shaped name in no registry
    short_form_confidence: float = 0.8  # "the Act", "the Committee" pointing back to a name
    concern_valence: float = -1.5  # a word this negative (VADER lexicon) opens a CONCERN where no cue did
    lead_in_marker_chars: int = 40  # a list's lead-in obliges when its marker is this close to its colon ("ICBs will:")
    date_confidence: float = 1.0
    unnormalised_date_confidence: float = 0.5  # a year-less date whose year nothing gives
    population_confidence: float = 1.0
    cue_confidence: float = 0.6  # DUTY and CONCERN spans from cue phrases
    max_cue_words: int = 30  # a longer cue span is a runaway clause, not a duty or concern
    duty_match: float = 0.35  # word overlap a wording needs to take a registered duty key
    # claims
    rule_confidence: float = 0.8  # a rule's claim when no scorer grades it
    recent_bodies: int = 12  # bodies remembered for "the boards", "each system"
    # the claim scorer's training (models/claims/scorer.json)
    scorer_c: float = 0.5  # inverse regularisation of the logistic regression
    scorer_thresholds: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)  # coarse: a few hundred candidates
    scorer_min_gain: float = 0.02
    """F1 a cut or the model's choice of readings must gain leave-one-document-out over keeping the
    rules' claims before it is used: on a few hundred candidates smaller gains are noise (measured:
    they did not carry over to the held-out document in `make eval`)."""


DEFAULT = Settings()

RUN_OPTIONS = frozenset({"max_bytes", "time_budget"})
"""Settings that decide only whether a document is read at all, not what is extracted from it: they
are left out of the pipeline's version and enter the change key of just the documents they fail
(run.py), so changing --max-bytes re-processes the files on either side of the old and new limit."""


def stored_settings(settings: Settings) -> str:
    """The settings that decide stored rows, as text for the pipeline's version."""
    return repr([(f.name, getattr(settings, f.name)) for f in fields(settings) if f.name not in RUN_OPTIONS])


@dataclass(frozen=True)
class ExtractorSpec:
    """What an extractor is built from, as paths and settings (`Extractor.from_spec`): small and
    picklable, so that each worker process (pool or Dask) builds its own extractor from the same
    files, and cheap to hash into the pipeline's version without importing spaCy."""

    annotations: Path = paths.ANNOTATIONS
    scorer: Path | None = paths.SCORER  # None: the rules' own choices, unscored
    settings: Settings = field(default_factory=Settings)


SHIPPED = ExtractorSpec()
"""The extractor of this repository's annotations/ and models/ with the default settings."""
