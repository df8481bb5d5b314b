"""The CP-SAT model: everything that knows CP-SAT variables.

variables (the day-centric records), context (what a rule sees), rules/ (H1-H12, one module
each), objective (the soft terms, unweighted), build (requirements -> model), decode (solution
-> sessions) and params (CP-SAT parameters and the configured solver).

May import the contract (`models.*`, never `models.export`) and ortools; imports nothing else
of `solver` and is imported by the solving layer above it (pipeline, decompose, diagnose) and
the applications that build models themselves (replan, bench). The verifier never imports it.
"""
