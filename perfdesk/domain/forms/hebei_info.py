"""河北预算项目绩效信息表（编制阶段）: the Hebei budget system's own project form (FORMS.md §3).

Its indicators print the 指标值 in three columns — 符号 | 值 | 计量单位 — where the published table joins
them (``≥95%``); headers of required columns carry a ``*``. Only a description: the value's parts are
columns of the same field (``IndicatorColumn.part``).

Grid (8 columns)::

    r0  | 单位 (code+name) ........................................................ |
    r1  | 项目名称 | name ...................... | 项目编码 | code .................... |
    r2  | 绩效目标 | goals .................................................................. |
    r3  | 一级指标 | 二级指标 | *三级指标 | *符号 | *值 | 计量单位 | 备注（指标解释等） | 指标值说明（评分标准等） |
    r4… | one row per 三级 indicator, 一级 and 二级 merged over runs of equal values |

备注 holds the 指标解释 (perfdesk's 绩效指标描述), 指标值说明 the basis of the value (指标值确定依据).
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn
from .hebei import SIGNATURE

HEBEI_INFO = FormLayout(
    key="hebei-info",
    name="河北预算项目绩效信息表",
    title="预算项目绩效信息表",
    col_widths=(0.95, 1.05, 1.5, 0.55, 0.7, 0.75, 1.4, 1.4),
    head=(
        c(0, 0, colspan=8, field="unit", role="caption"),
        c(1, 0, label="项目名称"),
        c(1, 1, colspan=3, field="name", role="field"),
        c(1, 4, label="项目编码"),
        c(1, 5, colspan=3, field="code", role="field"),
        c(2, 0, label="绩效目标"),
        c(2, 1, colspan=7, field="goals", role="field"),
    ),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 0, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 1, merge=True),
        IndicatorColumn("name", "*三级指标", 2),
        IndicatorColumn("value", "*符号", 3, part="operator"),
        IndicatorColumn("value", "*值", 4, part="number"),
        IndicatorColumn("value", "计量单位", 5, part="unit"),
        IndicatorColumn("description", "备注（指标解释等）", 6),
        IndicatorColumn("basis", "指标值说明（评分标准等）", 7),
    ),
    markers=("项目名称", "项目编码", "绩效目标"),
    signature=SIGNATURE,
    preset_rule_set="hebei",
)
