"""Schema 6: whether a project's goals (年度, 中期) were written without numbers (目标1：…, plain lines) and are kept
so; files made before held numbered goals only."""

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
