"""bundles: items for a survey's results and for draft paragraph comments

Revision ID: 0003_bundle_item_kinds
Revises: 0002_reports
Create Date: 2026-11-22 06:30:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0003_bundle_item_kinds"
down_revision = "0002_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bundle_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("survey_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comment_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_bundle_items_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_bundle_items_kind"), "kind in ('idea', 'survey', 'draft_comment')"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_bundle_items_survey_target"),
            "kind != 'survey' or survey_id is not null",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_bundle_items_comment_target"),
            "kind != 'draft_comment' or comment_id is not null",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_bundle_items_survey_id_surveys"),
            "surveys",
            ["survey_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_bundle_items_comment_id_comments"),
            "comments",
            ["comment_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_bundle_items_bundle_id_survey_id"), ["bundle_id", "survey_id"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_bundle_items_bundle_id_comment_id"), ["bundle_id", "comment_id"]
        )
        batch_op.create_index(batch_op.f("ix_bundle_items_survey_id"), ["survey_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bundle_items_comment_id"), ["comment_id"], unique=False
        )


def downgrade():
    op.execute("DELETE FROM bundle_items WHERE kind != 'idea'")
    with op.batch_alter_table("bundle_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bundle_items_comment_id"))
        batch_op.drop_index(batch_op.f("ix_bundle_items_survey_id"))
        batch_op.drop_constraint(batch_op.f("uq_bundle_items_bundle_id_comment_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_bundle_items_bundle_id_survey_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_bundle_items_comment_id_comments"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_bundle_items_survey_id_surveys"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("ck_bundle_items_comment_target"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_bundle_items_survey_target"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_bundle_items_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_bundle_items_kind"), "kind in ('idea')")
        batch_op.drop_column("comment_id")
        batch_op.drop_column("survey_id")
