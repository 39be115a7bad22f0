"""河北部门整体绩效目标表（申报）: a unit's own table in the Hebei budget system (FORMS.md §3) — its money, its
functions, its yearly goal and its indicators. A department's table (Department.whole), not a project's: a
document's projects keep their own form.

Grid (6 columns, A–F)::

    r0  | 部门（单位）及代码 | [code]name .............................................................. |
    r1  | 部门总体资金情况 ↓2 | 资金总额    | 人员类项目      | 运转类公用经费项目 | 其他运转类项目        | 特定目标类项目 |
    r2  | （元）              | funds_total | funds_personnel | funds_operation    | funds_other_operation | funds_specific |
    r3  | 部门职能概述       | functions ............................................................... |
    r4  | 年度总体目标       | overall_goal ............................................................ |
    r5  | 一级指标 | 二级指标 | 三级指标 | 指标值 | 备注 | 指标值说明 |
    r6… | one row per 三级 indicator, 一级 and 二级 merged over runs of equal values |
        | 联系人 | preparer | 联系电话 | phone ........................................................ |

The money is in 元, as the form states it (kept as typed, never converted). 年度总体目标 is the department's
总体绩效目标 — the same content the published text prints as Part 1's prose (FORMS.md §3); 备注 holds the
指标解释 (perfdesk's 绩效指标描述), 指标值说明 the basis of the value, as on the 预算项目绩效信息表.
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn

_FUNDS = (("资金总额", "funds_total"), ("人员类项目", "funds_personnel"), ("运转类公用经费项目", "funds_operation"),
          ("其他运转类项目", "funds_other_operation"), ("特定目标类项目", "funds_specific"))

HEBEI_DEPARTMENT = FormLayout(
    key="hebei-department",
    name="河北部门整体绩效目标表（申报）",
    title="部门整体绩效目标表（申报）",
    col_widths=(1.2, 1.0, 1.3, 1.0, 1.1, 1.2),
    head=(
        c(0, 0, label="部门（单位）及代码"),
        c(0, 1, colspan=5, field="unit_coded", role="field"),
        c(1, 0, rowspan=2, label="部门总体资金情况（元）", printed="部门总体资金\n情况（元）"),
        *(c(1, 1 + k, label=label) for k, (label, _) in enumerate(_FUNDS)),
        *(c(2, 1 + k, field=key, role="field") for k, (_, key) in enumerate(_FUNDS)),
        c(3, 0, label="部门职能概述"),
        c(3, 1, colspan=5, field="functions", role="field"),
        c(4, 0, label="年度总体目标"),
        c(4, 1, colspan=5, field="overall_goal", role="field"),
    ),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 0, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 1, merge=True),
        IndicatorColumn("name", "三级指标", 2),
        IndicatorColumn("value", "指标值", 3),
        IndicatorColumn("description", "备注", 4),
        IndicatorColumn("basis", "指标值说明", 5),
    ),
    tail=(
        c(0, 0, label="联系人"),
        c(0, 1, field="preparer", role="field"),
        c(0, 2, label="联系电话"),
        c(0, 3, colspan=3, field="phone", role="field"),
    ),
    markers=("部门（单位）及代码", "部门总体资金情况（元）", "部门职能概述"),
    # the copy printed for signature: perfdesk's lines, as under each project's table (the 联系人 is in the table)
    signature=(("单位负责人（签字）：", "单位（盖章）：", "填报日期：　　　年　　月　　日"),),
    signature_cols=(0, 2, 4),
    preset_rule_set="hebei",
    synonyms={"部门（单位）及代码": ("部门（单位）名称及代码", "单位名称及代码", "部门及代码"),
              "年度总体目标": ("部门年度总体目标", "年度绩效目标"),
              "指标值说明": ("指标值说明（评分标准等）",), "备注": ("备注（指标解释等）",)},
)
