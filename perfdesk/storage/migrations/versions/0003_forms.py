"""Schema 3: the document records its form and rule set; what the national 申报表 adds; an indicator's 分值
and 指标方向 as lists give them; last year's values and the year-end 自评 (实际完成值, 得分, 定性 band,
偏差原因; 全年预算数, 全年执行数, 实际完成情况), the 调整后 value, and each 执行监控 round (month M) of an
indicator and of a project's money, beside the targets.

Files made before this revision were Hebei published tables checked by Hebei's rules, so that is what
they record (the server defaults), and all their goals and indicators are the 年度 set.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _text(name, default=""):
    return sa.Column(name, sa.Text, nullable=False, server_default=default)


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(_text("form", "hebei"))
        batch.add_column(_text("rule_set", "hebei"))
    with op.batch_alter_table("department") as batch:
        batch.add_column(_text("supervisor_code"))
        batch.add_column(_text("supervisor_name"))
    with op.batch_alter_table("project") as batch:
        for name in ("executor", "attribute", "period"):
            batch.add_column(_text(name))
        for name in ("mid_total", "mid_fiscal", "mid_other", "adjusted_budget", "executed"):
            batch.add_column(sa.Column(name, sa.Text, nullable=True))
        batch.add_column(_text("goals_actual"))
    with op.batch_alter_table("project_goal") as batch:
        batch.add_column(_text("phase", "year"))
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(_text("phase", "year"))
        batch.add_column(sa.Column("weight", sa.Text, nullable=True))  # 分值, exact decimal as text
        batch.add_column(_text("direction"))
        for name in ("actual", "previous_value", "previous_actual"):  # 实际完成值, 上年指标值 and 上年实际完成值
            batch.add_column(_text(name))
        batch.add_column(sa.Column("score", sa.Text, nullable=True))  # 得分, exact decimal as text
        batch.add_column(_text("band"))
        batch.add_column(_text("deviation"))
        batch.add_column(_text("adjusted_value"))
    for name, parent, columns in (
            ("indicator_round", "indicator", [_text(n) for n in ("done", "forecast", "cause", "cause_text", "possibility")]),
            ("project_round", "project", [sa.Column(n, sa.Text, nullable=True) for n in ("executed", "forecast")])):
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(f"{parent}_id", sa.Integer, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
            sa.Column("month", sa.Integer, nullable=False),
            *columns,
            sa.UniqueConstraint(f"{parent}_id", "month", name=f"uq_{name}_month"),
        )
