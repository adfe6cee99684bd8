"""Tools around the pipeline, not part of it: the benchmark and the synthetic corpora it reads."""
