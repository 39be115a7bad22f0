"""全国自评表: the national 项目支出绩效自评表 (FORMS.md §5), the year-end report over the same indicators.

Grid (10 columns, A–J)::

    r0  | （2024年度） .................................................................. |
    r1  | 项目编码：code ............................................................... |
    r2  | 项目名称 (A:C)      | name (D:J) ........................................... |
    r3  | 主管部门及代码      | supervisor (D:F)      | 实施单位 (G:H) | executor (I:J) |
    r4  | 项目资金（万元）↓4 |  (C:D)       | 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 | 执行率 | 得分 |
    r5  |                    | 年度资金总额 | budget     | adjusted_budget | executed        | 10   | B/A    | 10×B/A |
    r6  |                    | 其中：财政拨款 | fiscal   |                 |                 |      |        |      |
    r7  |                    | 其他资金     | other      |                 |                 |      |        |      |
    r8  | 年度总体目标↓2 | 预期目标 (C:F)            | 实际完成情况 (G:J)                     |
    r9  |                | goals (C:F)               | goals_actual (G:J)                     |
    r10 | 绩效指标↓ | 一级 | 二级 | 三级 (D:E) | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    …
    end | 总分 (A:G)                                                   | Σ分值 | 总分 | 结论 |

分值, 得分, 执行率, 总分 and 结论 are computed (domain/figures); the clerk types 实际完成值, 全年预算数, 全年执行数,
实际完成情况 and 偏差原因, and may give an indicator's 分值 or (定性) 得分 by hand. Only the 全年 money of the
project as a whole is kept: the 财政拨款 / 其他资金 rows show their 年初 amounts.
"""

from __future__ import annotations

from ..layout import SELF_EVALUATION, FormLayout, IndicatorColumn
from ..layout import CellSpec as c
from .national import SIGNATURE, identity_rows

_MONEY_HEADER = ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分")


def money_rows(top: int, label: str = "项目资金（万元）", printed: str = "项目资金\n（万元）") -> tuple[c, ...]:
    """The money block (a header row and three money rows) from grid row ``top``."""
    cells = [c(top, 0, rowspan=4, colspan=2, label=label, printed=printed), c(top, 2, colspan=2, label="")]
    cells += [c(top, 4 + k, label=text) for k, text in enumerate(_MONEY_HEADER)]
    rows = (("年度资金总额", ("budget", "adjusted_budget", "executed", "execution_weight", "execution_rate",
                             "execution_score")),
            ("其中：财政拨款", ("fiscal",)), ("其他资金", ("other",)))
    for k, (row_label, fields) in enumerate(rows, 1):
        cells.append(c(top + k, 2, colspan=2, label=row_label))
        for n in range(len(_MONEY_HEADER)):
            cells.append(c(top + k, 4 + n, field=fields[n], role="field") if n < len(fields)
                         else c(top + k, 4 + n, label=""))
    return tuple(cells)


def goal_rows(top: int) -> tuple[c, ...]:
    """年度总体目标: 预期目标 beside 实际完成情况, from grid row ``top``."""
    return (c(top, 0, rowspan=2, colspan=2, label="年度总体目标"),
            c(top, 2, colspan=4, label="预期目标"),
            c(top, 6, colspan=4, label="实际完成情况"),
            c(top + 1, 2, colspan=4, field="goals", role="field"),
            c(top + 1, 6, colspan=4, field="goals_actual", role="field"))


def indicator_columns(target: str, actual: str) -> tuple[IndicatorColumn, ...]:
    return (IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
            IndicatorColumn("level2", "二级指标", 2, merge=True),
            IndicatorColumn("name", "三级指标", 3, colspan=2),
            IndicatorColumn("value", target, 5),
            IndicatorColumn("actual", actual, 6),
            IndicatorColumn("weight", "分值", 7),
            IndicatorColumn("score", "得分", 8),
            IndicatorColumn("deviation", "偏差原因分析及改进措施", 9))


TOTAL_ROW = (c(0, 0, colspan=7, label="总分"), c(0, 7, field="total_weight", role="field"),
             c(0, 8, field="total_score", role="field"), c(0, 9, field="conclusion", role="field"))
COL_WIDTHS = (0.75, 0.85, 0.9, 0.9, 0.95, 0.95, 0.95, 0.7, 0.75, 1.3)
REPORTED = ("adjusted_budget", "executed", "goals_actual"), ("actual", "weight", "score", "deviation")


NATIONAL_SELF_EVALUATION = FormLayout(
    key="national-self-evaluation",
    name="全国自评表",
    title="项目支出绩效自评表",
    col_widths=COL_WIDTHS,
    head=(
        *identity_rows(),
        *money_rows(4),
        *goal_rows(8),
    ),
    indicator_columns=indicator_columns("年度指标值", "实际完成值"),
    block_label="绩效指标",
    tail=TOTAL_ROW,
    markers=("项目名称", "主管部门及代码", "年初预算数"),
    signature=SIGNATURE,
    preset_rule_set="national",
    labels={"budget": "年初预算数", "goals": "预期目标", "execution_weight": "预算执行分值"},
    synonyms={"主管部门及代码": ("主管部门", "预算部门"), "年度总体目标": ("总体目标",),
              "全年预算数（A）": ("全年预算数",), "全年执行数（B）": ("全年执行数",)},
    moment=SELF_EVALUATION,
    reported=REPORTED,
    screen_fields=("adjusted_value",),
)
