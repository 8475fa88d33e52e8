"""ideas: an index on created_dt for the newest public ideas across processes

Revision ID: 0004_ideas_created_index
Revises: 0003_bundle_item_kinds
Create Date: 2026-11-22 07:45:00

"""

from alembic import op


revision = "0004_ideas_created_index"
down_revision = "0003_bundle_item_kinds"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ideas_created", "ideas", ["created_dt"], unique=False)


def downgrade():
    op.drop_index("ix_ideas_created", table_name="ideas")
