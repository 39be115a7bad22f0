"""全国申报表（年度）: the one-year variant of the national 申报表 (宁夏 and many counties) — no 中期 half.

Only a description: it places the national form's fields and the 年度 indicator set differently, and every
renderer and reader takes it as it is.
"""

from __future__ import annotations

from ..layout import CellSpec as c
from ..layout import FormLayout, IndicatorColumn
from .national import LABELS, MARKERS, SIGNATURE, SYNONYMS, TITLE, _project_rows

_MONEY = (("", "", "年度资金总额", "budget"), ("", "", "其中：财政拨款", "fiscal"), ("", "", "其他资金", "other"))

NATIONAL_YEAR = FormLayout(
    key="national-year",
    name="全国申报表（年度）",
    title=TITLE,
    col_widths=(0.8, 0.95, 0.95, 0.9, 0.9, 0.85, 0.95, 0.9, 0.9, 0.85),
    head=_project_rows(_MONEY, with_mid=False) + (
        c(8, 0, label="年度目标"),
        c(8, 1, colspan=9, field="goals", role="field"),
    ),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 2, merge=True),
        IndicatorColumn("name", "三级指标", 3, colspan=4),
        IndicatorColumn("value", "指标值", 7, colspan=3),
    ),
    block_label="绩效指标",
    markers=MARKERS,
    signature=SIGNATURE,
    preset_rule_set="national",
    labels=LABELS,
    synonyms=SYNONYMS,
)
