"""The contract: profile, settings, weights, weekly targets and the plan. Never imports ortools."""

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
