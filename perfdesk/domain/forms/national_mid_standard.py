"""全国申报表（中期+年度，含绩效标准）: the two-half national form as some provinces publish it, with a 绩效标准 column
in each half beside 指标值 (计划标准 / 行业标准 / 历史标准 / 其他标准, FORMS.md §2) — kept as each indicator's
指标值确定依据, as in the one-year variant (national_standard). The head is the two-half form's; each half's
三级 takes one column instead of two. Only a description.

    r10 | 绩效指标↓ | 一级指标 | 二级 | 三级 | 指标值 | 绩效标准 | 二级 | 三级 | 指标值 | 绩效标准 |
"""

from __future__ import annotations

import dataclasses

from ..layout import IndicatorColumn
from ..model import MID, YEAR
from .national import NATIONAL

NATIONAL_MID_STANDARD = dataclasses.replace(
    NATIONAL,
    key="national-mid-standard",
    name="全国申报表（中期+年度，含绩效标准）",
    col_widths=(0.8, 0.9, 0.95, 1.15, 0.85, 0.8, 0.95, 1.15, 0.85, 0.8),
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 2, merge=True, phase=MID),
        IndicatorColumn("name", "三级指标", 3, phase=MID),
        IndicatorColumn("value", "指标值", 4, phase=MID),
        IndicatorColumn("basis", "绩效标准", 5, phase=MID),
        IndicatorColumn("level2", "二级指标", 6, merge=True, phase=YEAR),
        IndicatorColumn("name", "三级指标", 7, phase=YEAR),
        IndicatorColumn("value", "指标值", 8, phase=YEAR),
        IndicatorColumn("basis", "绩效标准", 9, phase=YEAR),
    ),
    synonyms={**NATIONAL.synonyms, "绩效标准": ("指标值确定依据", "标准类型")},
)
