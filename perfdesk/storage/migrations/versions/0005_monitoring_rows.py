"""Schema 5: what the 执行监控表 adds to a round — an indicator's 备注, and per project the Hebei form's closing rows
偏差或不能完成目标原因分析 and 相关建议或举措 (empty in files made before)."""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table, names in (("indicator_round", ("note",)), ("project_round", ("analysis", "suggestion"))):
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.add_column(sa.Column(name, sa.Text, nullable=False, server_default=""))
