"""河北公开文本: the project table of Hebei's published 部门预算绩效目标 (the seed's table).

Grid (9 columns)::

    r0  | 单位 (code+name) ............................. | 单位：万元 |
    r1  | 项目编码 | code ................ | 项目名称 | name ............ |
    r2  | 预算规模及 | 预算数 | budget | 其中：财政资金 | fiscal | 其他资金 | other |
    r3  | 资金用途   | fund_use ................................................ |
    r4  | 资金支出   | 3月底 | 6月底 | 10月底 | 12月底 |
    r5  | 计划（%）  | plan0 | plan1 | plan2  | plan3  |
    r6  | 绩效目标   | goals ................................................... |
    r7  | 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 |
    r8… | one row per 三级 indicator, 一级 and 二级 merged over runs of equal values |
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn
from ..model import PLAN_MILESTONES

#: The signature block printed under each table of the signature copy: its lines, each in three places
#: (left, middle, right). Two lines, so that a table that fits a page keeps its signature on that page.
SIGNATURE = (("项目负责人（签字）：", "单位（盖章）：", ""),
             ("填报人：{preparer}", "联系电话：{phone}", "填报日期：　　　年　　月　　日"))

HEBEI = FormLayout(
    key="hebei",
    name="河北公开文本",
    title="{index}.{name}绩效目标表",
    col_widths=(1.0, 1.05, 0.75, 0.85, 0.9, 0.9, 1.0, 0.9, 0.9),
    head=(
        c(0, 0, colspan=7, field="unit", role="caption"),
        c(0, 7, colspan=2, label="单位：万元", role="caption"),
        c(1, 0, label="项目编码"),
        c(1, 1, colspan=3, field="code", role="field"),
        c(1, 4, label="项目名称"),
        c(1, 5, colspan=4, field="name", role="field"),
        c(2, 0, rowspan=2, label="预算规模及资金用途", printed="预算规模及\n资金用途"),
        c(2, 1, label="预算数"),
        c(2, 2, field="budget", role="field"),
        c(2, 3, colspan=2, label="其中：财政资金"),
        c(2, 5, field="fiscal", role="field"),
        c(2, 6, label="其他资金"),
        c(2, 7, colspan=2, field="other", role="field"),
        c(3, 1, colspan=8, field="fund_use", role="field"),
        c(4, 0, rowspan=2, label="资金支出计划（%）", printed="资金支出\n计划（%）"),
        *(c(4, 1 + 2 * i, colspan=2, label=m) for i, m in enumerate(PLAN_MILESTONES)),
        *(c(5, 1 + 2 * i, colspan=2, field=f"plan{i}", role="field") for i in range(len(PLAN_MILESTONES))),
        c(6, 0, label="绩效目标"),
        c(6, 1, colspan=8, field="goals", role="field"),
    ),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 0, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 1, merge=True),
        IndicatorColumn("name", "三级指标", 2, colspan=2),
        IndicatorColumn("description", "绩效指标描述", 4, colspan=2),
        IndicatorColumn("value", "指标值", 6),
        IndicatorColumn("basis", "指标值确定依据", 7, colspan=2),
    ),
    markers=("项目编码", "项目名称", "预算规模及资金用途"),
    signature=SIGNATURE,
    preset_rule_set="hebei",
)
