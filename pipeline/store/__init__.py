"""Store: the SQLite database of SPEC §6. `schema` (tables, views, indexes) and `store` (the
`Store` that owns every statement, and the cheap read-only look at what a previous run left)."""
