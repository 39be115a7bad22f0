"""河北项目申报表（绩效部分）: the performance part of the Hebei budget system's project application (FORMS.md §3).

Its 长期 and 年度 indicators are two tables one under the other (``FormLayout.stacked``), each
目标名称 | 一级 | 二级 | 三级 | 指标值 | 指标值确定依据, where 目标名称 names the goal an indicator serves.

Grid (6 columns, A–F)::

    r0  | 项目编码：code ................................................. |
    r1  | 项目名称       | name ........................................... |
    r2  | 项目绩效总目标 | goals .......................................... |
    r3  | 长期绩效目标表 ................................................... |
    r4  | 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值确定依据 |
    r5… | the 中期 (长期) indicators, 一级 and 二级 merged over runs of equal values |
        | 年度绩效目标表 ................................................... |
        | 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值确定依据 |
        | the 年度 indicators |

The 项目编码 line is perfdesk's, as on the national form: the budget system prints the code elsewhere, and a
workbook read back would lose it. A workbook without it reads as well.
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn
from ..model import MID, YEAR
from .hebei import SIGNATURE

HEBEI_APPLICATION = FormLayout(
    key="hebei-application",
    name="河北项目申报表（绩效部分）",
    title="项目申报表（绩效部分）",
    col_widths=(1.2, 0.9, 1.0, 1.5, 1.0, 1.3),
    head=(
        c(0, 0, colspan=6, field="code", role="caption", prefix="项目编码："),
        c(1, 0, label="项目名称"),
        c(1, 1, colspan=5, field="name", role="field"),
        c(2, 0, label="项目绩效总目标"),
        c(2, 1, colspan=5, field="goals", role="field"),
        c(3, 0, colspan=6, label="长期绩效目标表"),
    ),
    indicator_columns=(
        IndicatorColumn("goal_name", "目标名称", 0, phase=None),
        IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 2, merge=True, phase=None),
        IndicatorColumn("name", "三级指标", 3, phase=None),
        IndicatorColumn("value", "指标值", 4, phase=None),
        IndicatorColumn("basis", "指标值确定依据", 5, phase=None),
    ),
    phases=(MID, YEAR),
    stacked=("年度绩效目标表",),
    mid_name="长期",
    markers=("项目名称", "项目绩效总目标", "长期绩效目标表"),
    signature=SIGNATURE,
    signature_cols=(0, 2, 4),
    preset_rule_set="hebei",
    labels={"goals": "项目绩效总目标"},
    synonyms={"长期绩效目标表": ("中长期绩效目标表", "实施期绩效目标表"), "年度绩效目标表": ("本年度绩效目标表",),
              "项目绩效总目标": ("项目总体绩效目标", "绩效总目标"), "指标值确定依据": ("指标值设定依据",)},
)
