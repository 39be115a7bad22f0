"""A large synthetic document for benchmarks: N departments × N projects × N indicators."""

from __future__ import annotations

from decimal import Decimal

from .domain.model import Department, Document, GoalItem, Indicator, Project
from .domain.taxonomy import CLASSIC

_PAIRS = [(level.name, child.name) for level in CLASSIC.levels for child in level.children]
_VALUES = ("≥95%", "100%", "≤10万元", "56万人", "长期", "≥98%", "74个", "达到预期目标")


def demo_document(departments: int, projects: int, indicators: int) -> Document:
    document = Document(taxonomy=CLASSIC.key)
    for d in range(1, departments + 1):
        dept = Department(
            code=f"{200000 + d}", name=f"示例单位{d:04d}", year=2026,
            overall_goal=f"示例单位{d:04d}全年履职目标。",
            items=[GoalItem(f"分项{k}", f"分项{k}的绩效目标。", f"分项{k}的绩效指标。") for k in range(1, 4)],
            measures=["完善制度建设。建立健全预算绩效管理制度。", "加强支出管理。确保支出进度达标。"],
        )
        for p in range(1, projects + 1):
            amount = Decimal(10 + (d * 7 + p * 3) % 90).quantize(Decimal("0.00"))
            project = Project(
                code=f"13{d:04d}{p:04d}DEMO{(d * p) % 9973:07d}", name=f"示例项目{d:04d}-{p:03d}",
                budget=amount, fiscal=amount, other=Decimal("0"),
                fund_use=f"预算数{amount}万元。主要用于示例项目{p}的日常运转。",
                plan=[None, Decimal("50.00"), Decimal("75.00"), Decimal("100.00")],
                goals=["完成年度工作任务。", "保障项目顺利实施。"],
            )
            # Indicators are spread over the taxonomy in its order, so 一级/二级 runs merge as in real tables.
            for i in range(indicators):
                level1, level2 = _PAIRS[i * len(_PAIRS) // max(indicators, 1)]
                project.indicators.append(Indicator(
                    level1, level2, f"指标{i + 1}", f"示例项目{p}的第{i + 1}项指标描述",
                    _VALUES[i % len(_VALUES)], "依据部门职责及年度工作计划"))
            dept.projects.append(project)
        document.departments.append(dept)
    return document
