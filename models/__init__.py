"""The contract: the athlete profile, settings, weights, weekly targets (periodization), the
session catalogue, prescriptions and the plan, with the file helpers every writer shares.

Imports nothing of `solver` or `cli`, and no renderer: `models.export` (timetable.csv, plan.ics,
report.html) imports the contract, never the other way round. Never imports ortools.
"""

from models.plan import Plan, PlanSession, PlanWeek
from models.profile import AthleteProfile, ProfileError, load_profile, parse_profile
from models.settings import SolverSettings

__all__ = [
    "AthleteProfile",
    "Plan",
    "PlanSession",
    "PlanWeek",
    "ProfileError",
    "SolverSettings",
    "load_profile",
    "parse_profile",
]
