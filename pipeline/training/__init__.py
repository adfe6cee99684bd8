"""Training the claim scorer from annotations/gold/: the estimator and thresholds (scorer), its
labelled data (data), the shipped model (shipped). Evaluation does not import this package: the
command line hands `GoldCandidates.scorer_for` to `evaluate`."""
