"""河北监控表: Hebei's 项目支出绩效目标执行监控表 (FORMS.md §4) — the national round with Hebei's 项目属性 row, its
money block named 预算执行情况（万元）, and two closing rows under the indicators: 偏差或不能完成目标原因分析 and
相关建议或举措, kept per project and round.

Hebei's form also groups the indicators per 绩效目标; perfdesk does not keep which goal an indicator serves, so
its rows follow the 一级/二级 order of the targets (as on the Hebei 自评表).
"""

from __future__ import annotations

import dataclasses

from ..layout import CellSpec as c
from .hebei import SIGNATURE
from .national import identity_rows
from .national_monitoring import NATIONAL_MONITORING, NCOLS, money_rows, period_and_goals

HEBEI_MONITORING = dataclasses.replace(
    NATIONAL_MONITORING,
    key="hebei-monitoring",
    name="河北监控表",
    head=(
        *identity_rows(NCOLS),
        c(4, 0, colspan=3, label="项目属性"),
        c(4, 3, colspan=NCOLS - 3, field="attribute", role="field"),
        *money_rows(5, "预算执行情况（万元）", "预算执行情况\n（万元）"),
        *period_and_goals(9),
    ),
    tail=(
        c(0, 0, colspan=3, label="偏差或不能完成目标原因分析"),
        c(0, 3, colspan=NCOLS - 3, field="m{month}_analysis", role="field"),
        c(1, 0, colspan=3, label="相关建议或举措"),
        c(1, 3, colspan=NCOLS - 3, field="m{month}_suggestion", role="field"),
    ),
    markers=("项目名称", "主管部门及代码", "项目属性", "全年预计执行数"),
    signature=SIGNATURE,
    preset_rule_set="hebei",
    reported=(NATIONAL_MONITORING.reported[0] + ("m{month}_analysis", "m{month}_suggestion"),
              NATIONAL_MONITORING.reported[1]),
)
