"""Schema 4: the closing rows of the Hebei 自评表 — 偏差大或目标未完成原因分析 and 改进措施及结果应用方案 — kept per
project beside the year-end values (empty in files made before)."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        for name in ("shortfall", "improvement"):
            batch.add_column(sa.Column(name, sa.Text, nullable=False, server_default=""))

