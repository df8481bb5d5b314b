"""The `hybridplan` command (click): parse, call, render.

main (the commands and their options, parsing only), options (shared option decorators),
actions (each command's call into `models` and `solver`, and its exit code), app (exit codes,
logging, the error boundary), render (terminal tables), init (the profile questionnaire).
May import everything below it; nothing in `models` or `solver` imports it.
"""
