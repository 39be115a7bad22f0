"""河北自评表: Hebei's 项目支出绩效自评表 (FORMS.md §5) — the national form's figures with Hebei's own labels:
预算执行情况（万元）（20分）, 项目属性, 年初目标值（A） | 实际完成值（B）, and two closing rows under the 总分,
偏差大或目标未完成原因分析 and 改进措施及结果应用方案. Scored by the Hebei rule set (预算执行 20 points).

Hebei's form also groups the indicators per 绩效目标 and has 项目类别 / 项目类型 tick boxes; perfdesk does not
keep which goal an indicator serves nor those classes, so its rows follow the 一级/二级 order of the targets.
"""

from __future__ import annotations

from ..layout import SELF_EVALUATION, FormLayout
from ..layout import CellSpec as c
from .hebei import SIGNATURE
from .national import identity_rows
from .national_self_evaluation import COL_WIDTHS, REPORTED, TOTAL_ROW, goal_rows, indicator_columns, money_rows

HEBEI_SELF_EVALUATION = FormLayout(
    key="hebei-self-evaluation",
    name="河北自评表",
    title="项目支出绩效自评表",
    col_widths=COL_WIDTHS,
    head=(
        *identity_rows(),
        c(4, 0, colspan=3, label="项目属性"),
        c(4, 3, colspan=7, field="attribute", role="field"),
        *money_rows(5, "预算执行情况（万元）（20分）", "预算执行情况\n（万元）\n（20分）"),
        *goal_rows(9),
    ),
    indicator_columns=indicator_columns("年初目标值（A）", "实际完成值（B）"),
    block_label="绩效指标",
    tail=TOTAL_ROW + (
        c(1, 0, colspan=3, label="偏差大或目标未完成原因分析"),
        c(1, 3, colspan=7, field="shortfall", role="field"),
        c(2, 0, colspan=3, label="改进措施及结果应用方案"),
        c(2, 3, colspan=7, field="improvement", role="field"),
    ),
    markers=("项目名称", "主管部门及代码", "项目属性", "年初预算数"),
    signature=SIGNATURE,
    preset_rule_set="hebei",
    labels={"budget": "年初预算数", "goals": "预期目标", "execution_weight": "预算执行分值"},
    synonyms={"主管部门及代码": ("主管部门", "预算部门"), "年度总体目标": ("总体目标",)},
    moment=SELF_EVALUATION,
    screen_fields=("adjusted_value",),
    reported=(REPORTED[0] + ("shortfall", "improvement"), REPORTED[1]),
)
