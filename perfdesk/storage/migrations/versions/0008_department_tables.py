"""Schema 8: a unit's 部门整体绩效目标表 (申报) — its 部门职能概述 on the department, and the table itself as a row of
``project`` marked ``whole`` (a table like a project's: indicators, goals, rounds), with the 部门总体资金情况 in 元.
Files made before had no such table."""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FUNDS = ("funds_total", "funds_personnel", "funds_operation", "funds_other_operation", "funds_specific")


def upgrade() -> None:
    with op.batch_alter_table("department") as batch:
        batch.add_column(sa.Column("functions", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("whole", sa.Boolean, nullable=False, server_default="0"))
        for name in FUNDS:
            batch.add_column(sa.Column(name, sa.Text, nullable=True))
