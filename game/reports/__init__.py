"""Reports for trainers: cohort progress, the rules most often missed and per-choice statistics.

`gather.build_report` reads the records database (aggregating in SQL) into the plain dataclasses of
`model`; `table`, `csv_out` and `html` render them. No UI imports, nothing written to the database.
"""
