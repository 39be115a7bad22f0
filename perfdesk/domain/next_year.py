"""Next year's targets from this year's document (文件 → 新建下一年度, ``perfdesk next-year``).

Most projects recur: the departments, projects and indicators are copied; each indicator keeps this year's
指标值 as its starting point and carries it, with this year's 实际完成值 where the 自评 gave one, as 上年值
beside it; what must be new each year is cleared (the 资金支出计划 shares and this year's 自评: 实际完成值,
得分, 偏差原因, 全年执行数).
"""

from __future__ import annotations

import copy

from .model import PLAN_MILESTONES, Document


def next_year(document: Document) -> Document:
    """A new document for the year after ``document``'s (its own ids cleared: the file gives new ones)."""
    new = copy.deepcopy(document)
    for department in new.departments:
        department.id = None
        if department.year is not None:
            department.year += 1
        for item in department.items:
            item.id = None
        # the unit's 部门整体 table recurs as its projects do
        for project in department.projects + ([department.whole] if department.whole is not None else []):
            project.id = None
            project.plan = [None] * len(PLAN_MILESTONES)
            project.adjusted_budget = project.executed = None  # this year's execution and 自评
            project.goals_actual, project.shortfall, project.improvement, project.rounds = "", "", "", {}
            for indicator in project.indicators:
                indicator.rounds, indicator.adjusted_value = {}, ""
                indicator.id = None
                indicator.previous_value, indicator.previous_actual = indicator.value, indicator.actual
                indicator.actual, indicator.score, indicator.band, indicator.deviation = "", None, "", ""
    return new
