"""Schema 7: an indicator's 目标名称 — the goal it serves, as the Hebei 项目申报表（绩效部分） names it beside each
indicator of its 长期 and 年度 tables. Files made before had no such name: empty."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(sa.Column("goal_name", sa.Text, nullable=False, server_default=""))
