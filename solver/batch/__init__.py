"""`hybridplan batch`: a CSV of athletes -> one verified plan folder per athlete + summary.csv.

rows (the CSV read into validated profiles, a bad row an error naming its fields), engines
(the local process pool and Dask; workers solve and verify, and touch no files), summary (the
parent writes each athlete's files and summary.csv, resumable) and run (`run_batch`, which
ties them together).

An application of the solver: may import the contract, `models.export`, `solver.pipeline` and
`solver.verify`; nothing in `solver` imports it.
"""
