"""全国申报表: the national 项目支出绩效目标申报表 (FORMS.md §2), with its 中期 and 年度 halves, and the
one-year variant many provinces and counties use (年度 only).

Grid of the two-half form (10 columns, A–J)::

    r0  | （2024年度） .................................................................. |
    r1  | 项目编码：code ............................................................... |
    r2  | 项目名称 (A:C)      | name (D:J) ........................................... |
    r3  | 主管部门及代码      | supervisor (D:F)      | 实施单位 (G:H) | executor (I:J) |
    r4  | 项目属性            | attribute (D:F)       | 项目期 (G:H)   | period (I:J)   |
    r5  | 项目资金（万元）↓3  | 中期资金总额 | mid_total | 年度资金总额    | budget        |
    r6  |                     | 其中：财政拨款 | mid_fiscal | 其中：财政拨款 | fiscal       |
    r7  |                     | 其他资金     | mid_other | 其他资金        | other         |
    r8  | 总体目标↓2 | 中期目标 (B:F)           | 年度目标 (G:J)                            |
    r9  |            | mid_goals (B:F)          | goals (G:J)                               |
    r10 | 绩效指标↓ | 一级指标 | 二级指标 | 三级指标 (D:E) | 指标值 | 二级指标 | 三级指标 (H:I) | 指标值 |
    r11…|           | 一级 ↓   | 中期 二级 ↓ | 中期 三级 | …    | 年度 二级 ↓ | 年度 三级 | …     |

The 项目编码 line is perfdesk's: the official form has no place for the code the budget system files the
project under, and without it a workbook read back would lose it.
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn
from ..model import MID, YEAR

SIGNATURE = (("填报人：{preparer}", "联系电话：{phone}", "填报日期：　　　年　　月　　日"),)
TITLE = "项目支出绩效目标申报表"
MARKERS = ("项目名称", "主管部门及代码", "项目属性")
LABELS = {"budget": "年度资金总额", "fiscal": "年度财政拨款", "other": "年度其他资金", "goals": "年度目标"}
#: The same labels as some provinces publish the form (FORMS.md §2).
SYNONYMS = {
    "主管部门及代码": ("预算部门", "主管部门", "预算部门及代码", "主管部门及编码"),
    "项目期": ("项目支出实施期", "实施期", "项目期限"),
    "年度资金总额": ("年度本级预算金额", "年度预算金额"),
    "中期资金总额": ("实施期资金总额", "中期预算金额"),
    "中期目标": ("实施期绩效目标", "实施期目标", "中长期目标"),
    "年度目标": ("本年度绩效目标", "年度绩效目标"),
    "总体目标": ("绩效目标", "项目总体目标"),
    "指标值": ("指标值及单位", "目标值"),
    "三级指标": ("三级指标名称",),
}


def identity_rows(ncols: int = 10) -> tuple[c, ...]:
    """Rows r0–r3 of the national forms (申报表, 自评表, 监控表) over ``ncols`` grid columns: the year, the code,
    the project and who runs it."""
    return (
        c(0, 0, colspan=ncols, field="year_line", role="caption"),
        c(1, 0, colspan=ncols, field="code", role="caption", prefix="项目编码："),
        c(2, 0, colspan=3, label="项目名称"),
        c(2, 3, colspan=ncols - 3, field="name", role="field"),
        c(3, 0, colspan=3, label="主管部门及代码"),
        c(3, 3, colspan=3, field="supervisor", role="field"),
        c(3, 6, colspan=2, label="实施单位"),
        c(3, 8, colspan=ncols - 8, field="executor", role="field"),
    )


def _project_rows(money_rows: tuple[tuple[str, str, str, str], ...], *, with_mid: bool) -> tuple[c, ...]:
    """Rows r0–r7: the year, the code, the project's names and its money (one line per money row)."""
    cells = [
        *identity_rows(),
        c(4, 0, colspan=3, label="项目属性"),
        c(4, 3, colspan=3, field="attribute", role="field"),
        c(4, 6, colspan=2, label="项目期"),
        c(4, 8, colspan=2, field="period", role="field"),
        c(5, 0, rowspan=len(money_rows), colspan=3, label="项目资金（万元）", printed="项目资金\n（万元）"),
    ]
    for k, (mid_label, mid_field, year_label, year_field) in enumerate(money_rows):
        if with_mid:
            cells += [c(5 + k, 3, colspan=2, label=mid_label), c(5 + k, 5, field=mid_field, role="field"),
                      c(5 + k, 6, colspan=2, label=year_label), c(5 + k, 8, colspan=2, field=year_field, role="field")]
        else:
            cells += [c(5 + k, 3, colspan=5, label=year_label), c(5 + k, 8, colspan=2, field=year_field, role="field")]
    return tuple(cells)


_MONEY = (("中期资金总额", "mid_total", "年度资金总额", "budget"),
          ("其中：财政拨款", "mid_fiscal", "其中：财政拨款", "fiscal"),
          ("其他资金", "mid_other", "其他资金", "other"))

NATIONAL = FormLayout(
    key="national",
    name="全国申报表（中期+年度）",
    title=TITLE,
    col_widths=(0.8, 0.95, 0.95, 0.9, 0.9, 0.85, 0.95, 0.9, 0.9, 0.85),
    head=_project_rows(_MONEY, with_mid=True) + (
        c(8, 0, rowspan=2, label="总体目标"),
        c(8, 1, colspan=5, label="中期目标"),
        c(8, 6, colspan=4, label="年度目标"),
        c(9, 1, colspan=5, field="mid_goals", role="field"),
        c(9, 6, colspan=4, field="goals", role="field"),
    ),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 2, merge=True, phase=MID),
        IndicatorColumn("name", "三级指标", 3, colspan=2, phase=MID),
        IndicatorColumn("value", "指标值", 5, phase=MID),
        IndicatorColumn("level2", "二级指标", 6, merge=True, phase=YEAR),
        IndicatorColumn("name", "三级指标", 7, colspan=2, phase=YEAR),
        IndicatorColumn("value", "指标值", 9, phase=YEAR),
    ),
    phases=(MID, YEAR),
    block_label="绩效指标",
    markers=MARKERS,
    signature=SIGNATURE,
    preset_rule_set="national",
    labels=LABELS,
    synonyms=SYNONYMS,
)
