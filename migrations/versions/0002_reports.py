"""reports: the population of each city district (for representativeness)

Revision ID: 0002_reports
Revises: 0001
Create Date: 2026-11-22 06:20:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0002_reports"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "district_populations",
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "district in ('mitte', 'wattenscheid', 'nord', 'ost', 'sued', 'suedwest')",
            name=op.f("ck_district_populations_district"),
        ),
        sa.CheckConstraint("population >= 0", name=op.f("ck_district_populations_population")),
        sa.PrimaryKeyConstraint("district", name=op.f("pk_district_populations")),
    )


def downgrade():
    op.drop_table("district_populations")
