"""A filled copy of a later moment's form (a 自评表 filled in Excel or WPS at a colleague's desk) brought back
onto the document it was exported from: the same projects and indicators, only the values the form reports.

Nothing is guessed: a project is found by its 项目编码 (else by its exact name, when only one has it), an
indicator by its place and its 二级/三级 names; a workbook of another year, another project or with other
indicators is refused whole, saying where. 得分 that perfdesk computes are never taken from the sheet
(domain/figures.settle_read_figures); the targets (指标值…) are not changed by a report: a difference is said.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from .figures import Figures
from .layout import FormLayout
from .model import YEAR, Document, Project, indicator_field_value, project_field, same_value
from .rulesets import RuleSet

_FIGURES = ("weight", "score")  # shown computed when not given: compared with what the export showed


class ReportMismatchError(ValueError):
    """The filled form does not belong to this document (Chinese, names the project and the indicator)."""


@dataclass
class Reported:
    projects: dict[int, dict[str, object]] = field(default_factory=dict)  # project id → field → value
    # project id → indicator id → field → value (grouped by project: an edit addresses a project's indicators)
    indicators: dict[int, dict[int, dict[str, object]]] = field(default_factory=dict)
    taken: list[str] = field(default_factory=list)  # per project: how much was taken
    not_taken: list[str] = field(default_factory=list)  # what differed in the sheet but is not the report's to change

    @property
    def empty(self) -> bool:
        return not self.projects and not self.indicators

    @property
    def indicator_count(self) -> int:
        return sum(len(changes) for changes in self.indicators.values())


def _label(project: Project) -> str:
    name = project.name.replace("\n", "")
    return f"项目「{name}」" + (f"（项目编码 {project.code}）" if project.code else "")


def _counterpart(current: Document, filled: Project) -> tuple[int, Project]:
    """(department year, project) of the document the filled project reports on."""
    places = [(d.year, p) for d in current.departments for p in d.projects]
    if filled.code:
        found = [(y, p) for y, p in places if p.code == filled.code]
    else:
        found = [(y, p) for y, p in places if p.name.replace("\n", "") == filled.name.replace("\n", "")]
        if len(found) > 1:
            raise ReportMismatchError(f"工作簿中的{_label(filled)}没有项目编码，本文档中有 {len(found)} 个同名项目，"
                                      "无法确定是哪一个。请在工作簿中填上项目编码后再导入；整个工作簿未导入。")
    if not found:
        raise ReportMismatchError(f"工作簿中的{_label(filled)}在本文档中没有：它可能是其他单位或其他文档的表。"
                                  "整个工作簿未导入。")
    return found[0]


def same_figure(a: Decimal, b: Decimal | None) -> bool:
    return b is not None and a == b  # 25 typed in Excel is the 25.00 shown


def take_reported(current: Document, filled: Document, layout: FormLayout, rules: RuleSet) -> Reported:
    """The values ``filled`` (read from ``layout`` as printed) reports for ``current``'s projects and
    indicators. A 分值 or 得分 the sheet shows as exported stays as the document has it (a default keeps
    following its default); a changed 分值 is taken; a changed 得分 only where perfdesk cannot compute it
    (定性). Raises ReportMismatchError."""
    head_fields, indicator_fields = layout.reported
    out = Reported()
    filled_year = next((d.year for d in filled.departments if d.year), None)
    for project in filled.projects():
        year, mine = _counterpart(current, project)
        if filled_year and year and filled_year != year:
            raise ReportMismatchError(f"工作簿是{filled_year}年度的{layout.name}，本文档是{year}年度的。"
                                      "请导入本年度的表；整个工作簿未导入。")
        changes = {key: project_field(project, key) for key in head_fields
                   if not same_value(project_field(project, key), project_field(mine, key))}
        if changes:
            out.projects[mine.id] = changes
        positions = [k for k, i in enumerate(mine.indicators) if i.phase == YEAR]
        own = [mine.indicators[k] for k in positions]
        theirs = [i for i in project.indicators if i.phase == YEAR]
        for n, (a, b) in enumerate(zip(own, theirs), 1):
            if (a.level2, a.name) != (b.level2, b.name):
                raise ReportMismatchError(
                    f"{_label(project)}第{n}条指标：工作簿是「{b.level2}—{b.name}」，本文档是「{a.level2}—{a.name}」。"
                    f"{layout.name}的指标须与本文档一致（增删、改名请在绩效目标表中进行）；整个工作簿未导入。")
        if len(own) != len(theirs):
            raise ReportMismatchError(f"{_label(project)}：工作簿有 {len(theirs)} 条年度指标，本文档有 {len(own)} 条。"
                                      f"{layout.name}的指标须与本文档一致；整个工作簿未导入。")
        taken = 0
        shown = Figures(mine, rules)  # the figures the exported sheet showed
        after = copy.deepcopy(mine)
        for a, b in zip([i for i in after.indicators if i.phase == YEAR], theirs):
            a.actual = b.actual
        for n, (position, a, b) in enumerate(zip(positions, own, theirs), 1):
            if a.value != b.value:
                out.not_taken.append(f"{_label(project)}第{n}条指标「{a.name}」：表中的指标值「{b.value}」与本文档"
                                 f"「{a.value}」不同，未采用（指标值在绩效目标表中修改）。")
            fields = {}
            for key in indicator_fields:
                new, old = indicator_field_value(b, key), indicator_field_value(a, key)
                if key in _FIGURES:
                    if new is None or same_figure(new, getattr(shown, key)(position)):
                        continue  # as exported (a computed default, or blank): what the document has stays
                if not same_value(new, old):
                    fields[key] = new
            if "weight" in fields:
                after.indicators[position].weight = fields["weight"]
            if "score" in fields:
                computed = Figures(after, rules).computed_score(position)
                if computed is not None:  # perfdesk computes this one: a typed 得分 is said, not taken
                    out.not_taken.append(f"{_label(project)}第{n}条指标「{a.name}」：表中得分 {fields.pop('score')} 未采用，"
                                     f"按评分规则计算为 {computed}。")
            if fields:
                out.indicators.setdefault(mine.id, {})[a.id] = fields
                taken += 1
        if changes or taken:
            out.taken.append(f"{_label(project)}：项目栏目 {len(changes)} 项、指标 {taken} 条有新值。")
    return out
