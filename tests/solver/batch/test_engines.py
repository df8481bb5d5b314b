"""solver/batch/engines.py: the local process pool when the batch stops early."""

import multiprocessing as mp
import time

from models.profile import load_profile
from models.settings import SolverSettings
from solver.batch.engines import Task, run_local


def test_stopping_the_local_pool_kills_a_running_solve():
    """Ctrl-C (or any early stop) closes the engine: a worker still solving is killed and
    joined at once. It used to be left running to its time limit, which the interpreter's exit
    then waited for (Ctrl-C took up to --time-limit to return, and a second Ctrl-C in that wait
    could hang the process)."""
    fast = load_profile("tests/cli/hostile/profiles/base.yaml").model_dump_json()
    slow = load_profile("data/marathon_16w.yaml").model_dump_json()  # runs to its limit
    settings = SolverSettings(time_limit_s=60, slot_minutes=5, workers=1).model_dump_json()
    tasks = [Task(1, "base", "base", fast, settings), Task(2, "slow", "slow", slow, settings)]
    engine = run_local(tasks, jobs=2, max_memory_mb=None)
    assert next(engine).athlete_id == "base"
    t0 = time.monotonic()
    engine.close()  # what a KeyboardInterrupt in the consumer does
    assert time.monotonic() - t0 < 20
    assert not [p for p in mp.active_children() if p.is_alive()]
