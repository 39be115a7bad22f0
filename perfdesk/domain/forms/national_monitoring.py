"""全国监控表: the national 项目支出绩效目标执行监控表 (FORMS.md §4), the mid-year round over the same indicators.

A description of the round covering months 1–M: ``{month}`` stands for M in its labels and field keys, and
``FormLayout.for_month`` makes the form of one round (m7_done: 1–7月完成值). Grid (11 columns, A–K)::

    r0  | （2024年度） ................................................................................ |
    r1  | 项目编码：code ............................................................................. |
    r2  | 项目名称 (A:C)      | name (D:K) ......................................................... |
    r3  | 主管部门及代码      | supervisor (D:F)      | 实施单位 (G:H) | executor (I:K)               |
    r4  | 项目资金（万元）↓4 |  (C:D)         | 年初预算数 (E:F) | 1-M月执行数 (G:H) | 1-M月执行率 | 全年预计执行数 (J:K) |
    r5  |                    | 年度资金总额   | budget           | executed          | rate        | forecast             |
    r6  |                    | 其中：财政拨款 | fiscal           |                   |             |                      |
    r7  |                    | 其他资金       | other            |                   |             |                      |
    r8  | 监控时间段：2024年1月1日 至 2024年7月31日 ......................................................... |
    r9  | 年度总体目标 (A:B) | goals (C:K) ............................................................. |
    r10 | 绩效指标↓ | 一级 | 二级 | 三级 | 年度指标值 | 1-M月完成值 | 全年预计完成值 | 偏差原因 | 原因说明 | 完成目标可能性 | 备注 |

1-M月执行率 and the lights (domain/monitoring) are computed; the clerk types the rest. Only the money of the
project as a whole is followed: the 财政拨款 / 其他资金 rows show their 年初 amounts. 偏差原因 is one of the
categories the form ticks (经费保障…其他), 原因说明 says it in words.
"""

from __future__ import annotations

from ..layout import MONITORING, FormLayout, IndicatorColumn
from ..layout import CellSpec as c
from .national import SIGNATURE, identity_rows

NCOLS = 11
COL_WIDTHS = (0.6, 0.75, 0.85, 1.25, 0.95, 0.95, 0.95, 0.8, 1.25, 0.8, 0.85)
_MONEY_HEADER = (("年初预算数", 4, 2), ("1-{month}月执行数", 6, 2), ("1-{month}月执行率", 8, 1),
                 ("全年预计执行数", 9, 2))


def money_rows(top: int, label: str = "项目资金（万元）", printed: str = "项目资金\n（万元）") -> tuple[c, ...]:
    """The money block (a header row and three money rows) from grid row ``top``."""
    cells = [c(top, 0, rowspan=4, colspan=2, label=label, printed=printed), c(top, 2, colspan=2, label="")]
    cells += [c(top, col, colspan=span, label=text) for text, col, span in _MONEY_HEADER]
    rows = (("年度资金总额", ("budget", "m{month}_executed", "m{month}_rate", "m{month}_forecast")),
            ("其中：财政拨款", ("fiscal",)), ("其他资金", ("other",)))
    for k, (row_label, fields) in enumerate(rows, 1):
        cells.append(c(top + k, 2, colspan=2, label=row_label))
        for n, (_, col, span) in enumerate(_MONEY_HEADER):
            cells.append(c(top + k, col, colspan=span, field=fields[n], role="field") if n < len(fields)
                         else c(top + k, col, colspan=span, label=""))
    return tuple(cells)


def period_and_goals(top: int) -> tuple[c, ...]:
    return (c(top, 0, colspan=NCOLS, field="m{month}_period", role="field", prefix="监控时间段："),
            c(top + 1, 0, colspan=2, label="年度总体目标"),
            c(top + 1, 2, colspan=NCOLS - 2, field="goals", role="field"))


INDICATOR_COLUMNS = (
    IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
    IndicatorColumn("level2", "二级指标", 2, merge=True),
    IndicatorColumn("name", "三级指标", 3),
    IndicatorColumn("value", "年度指标值", 4),
    IndicatorColumn("m{month}_done", "1-{month}月完成值", 5),
    IndicatorColumn("m{month}_forecast", "全年预计完成值", 6),
    IndicatorColumn("m{month}_cause", "偏差原因", 7),
    IndicatorColumn("m{month}_cause_text", "原因说明", 8),
    IndicatorColumn("m{month}_possibility", "完成目标可能性", 9),
    IndicatorColumn("m{month}_note", "备注", 10),
)
REPORTED = (("m{month}_executed", "m{month}_forecast"), tuple(c.field for c in INDICATOR_COLUMNS[4:]))
SYNONYMS = {"主管部门及代码": ("主管部门", "预算部门"), "年度总体目标": ("总体目标",),
            "年度指标值": ("指标值", "年初目标值"), "全年预计完成值": ("全年预计完成情况",),
            "1-{month}月完成值": ("1-{month}月完成情况",), "偏差原因": ("偏差原因分析",)}

NATIONAL_MONITORING = FormLayout(
    key="national-monitoring",
    name="全国监控表",
    title="项目支出绩效目标执行监控表",
    col_widths=COL_WIDTHS,
    head=(*identity_rows(NCOLS), *money_rows(4), *period_and_goals(8)),
    indicator_columns=INDICATOR_COLUMNS,
    block_label="绩效指标",
    markers=("项目名称", "主管部门及代码", "全年预计执行数"),
    signature=SIGNATURE,
    signature_cols=(0, 4, 7),
    preset_rule_set="national",
    labels={"budget": "年初预算数", "goals": "年度总体目标"},
    synonyms=SYNONYMS,
    moment=MONITORING,
    reported=REPORTED,
    screen_fields=("adjusted_value",),
)
