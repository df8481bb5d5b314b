"""`hybridplan bench`: solver settings measured on instance suites.

run (every instance x configuration x seed into runs.csv, resumable), stats (the arithmetic,
free of ortools: incumbent timelines, primal integral, configuration matrices), report
(report.md from runs.csv alone, with integrity checks) and baseline (the greedy planner CP-SAT
is compared against, judged by the same verifier).

An application of the solver: may import the contract, `solver.model`, `solver.pipeline`,
`solver.decompose` and `solver.verify`; nothing in `solver` imports it.
"""
