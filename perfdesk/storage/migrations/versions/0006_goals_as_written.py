"""Schema 6: what a source wrote that perfdesk keeps as written — whether a project's goals (年度, 中期) were written
without numbers (目标1：…, plain lines), and an indicator's 一级/二级 as written when placed otherwise in the taxonomy
(实施效果指标). Files made before held numbered goals and levels as placed."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        for name in ("goals_unnumbered", "mid_goals_unnumbered"):
            batch.add_column(sa.Column(name, sa.Boolean, nullable=False, server_default="0"))
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(sa.Column("levels_as_written", sa.Text, nullable=False, server_default=""))
