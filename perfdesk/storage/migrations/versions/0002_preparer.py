"""Schema 2: 填报人 and 联系电话 per department, for the signature block of printed tables."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("department") as batch:
        batch.add_column(sa.Column("preparer", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.Text, nullable=False, server_default=""))
