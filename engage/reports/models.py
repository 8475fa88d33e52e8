"""Reference figures of the reports: the population of each of Bochum's city districts."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.districts import DISTRICTS
from engage.extensions import db

# Residents per Stadtbezirk (main residence, city statistics, rounded; Bochum ≈ 368,000).
# Administrators correct them on the reports' district page.
DEFAULT_POPULATION = {
    "mitte": 103_700,
    "wattenscheid": 72_900,
    "nord": 33_200,
    "ost": 53_300,
    "sued": 50_600,
    "suedwest": 53_100,
}


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class DistrictPopulation(db.Model):
    """How many people live in a city district; a district's share is its part of the sum."""

    __tablename__ = "district_populations"
    __table_args__ = (
        CheckConstraint(f"district in ({_in(DISTRICTS)})", name="district"),
        CheckConstraint("population >= 0", name="population"),
    )

    district: Mapped[str] = mapped_column(String(20), primary_key=True)  # a Stadtbezirk key
    population: Mapped[int] = mapped_column(Integer)  # residents

    def __repr__(self) -> str:
        return f"<DistrictPopulation {self.district} {self.population}>"


def seed_district_populations() -> int:
    """Add the default population of every district that has none; returns how many."""
    have = set(db.session.scalars(db.select(DistrictPopulation.district)))
    added = 0
    for district in DISTRICTS:
        if district not in have:
            db.session.add(
                DistrictPopulation(district=district, population=DEFAULT_POPULATION[district])
            )
            added += 1
    db.session.flush()
    return added
