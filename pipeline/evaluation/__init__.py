"""Evaluation: the gold annotations (gold, validation), the metrics that score against them
(shared with annotator agreement and the scorer's training), `make eval` (evaluate, report)."""
