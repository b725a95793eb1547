"""Demo operations data for seed_demo (idempotent)."""

from .incidents import seed as seed_incidents
from .maintenance import seed as seed_maintenance


def seed() -> None:
    seed_maintenance()
    seed_incidents()
