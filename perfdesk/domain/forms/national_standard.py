"""全国申报表（年度，含绩效标准）: the one-year national form as some provinces publish it, with a 绩效标准
column beside 指标值 (计划标准 / 行业标准 / 历史标准 / 其他标准, FORMS.md §2) — perfdesk keeps it as the
indicator's 指标值确定依据. Only a description.
"""

from __future__ import annotations

from ..layout import FormLayout, IndicatorColumn
from .national_year import NATIONAL_YEAR

NATIONAL_STANDARD = FormLayout(
    key="national-standard",
    name="全国申报表（年度，含绩效标准）",
    title=NATIONAL_YEAR.title,
    col_widths=NATIONAL_YEAR.col_widths,
    head=NATIONAL_YEAR.head,
    indicator_columns=(
        IndicatorColumn("level1", "一级指标", 1, merge=True, phase=None),
        IndicatorColumn("level2", "二级指标", 2, merge=True),
        IndicatorColumn("name", "三级指标", 3, colspan=3),
        IndicatorColumn("value", "指标值", 6, colspan=2),
        IndicatorColumn("basis", "绩效标准", 8, colspan=2),
    ),
    block_label=NATIONAL_YEAR.block_label,
    markers=NATIONAL_YEAR.markers,
    signature=NATIONAL_YEAR.signature,
    preset_rule_set="national",
    labels=NATIONAL_YEAR.labels,
    synonyms={**NATIONAL_YEAR.synonyms, "绩效标准": ("指标值确定依据", "标准类型")},
)
