"""The forms perfdesk knows, each a description (``FormLayout``); a document records which one it uses."""

from __future__ import annotations

import re

from ..layout import MOMENTS, MONITORING, SELF_EVALUATION, TARGETS, FormLayout
from ..named import by_name, lookup
from .hebei import HEBEI
from .hebei_application import HEBEI_APPLICATION
from .hebei_department import HEBEI_DEPARTMENT
from .hebei_info import HEBEI_INFO
from .hebei_monitoring import HEBEI_MONITORING
from .hebei_self_evaluation import HEBEI_SELF_EVALUATION
from .national import NATIONAL
from .national_mid_standard import NATIONAL_MID_STANDARD
from .national_monitoring import NATIONAL_MONITORING
from .national_standard import NATIONAL_STANDARD
from .national_self_evaluation import NATIONAL_SELF_EVALUATION
from .national_year import NATIONAL_YEAR

FORMS: dict[str, FormLayout] = {f.key: f for f in (HEBEI, NATIONAL, NATIONAL_YEAR, NATIONAL_STANDARD, NATIONAL_MID_STANDARD,
                                                  HEBEI_INFO, HEBEI_APPLICATION,
                                                  NATIONAL_SELF_EVALUATION, HEBEI_SELF_EVALUATION,
                                                  NATIONAL_MONITORING, HEBEI_MONITORING)}

#: The form of a unit's own 部门整体 table (Department.whole), whatever form its projects are in: the only one
#: perfdesk knows (FORMS.md §3).
DEPARTMENT_FORM = HEBEI_DEPARTMENT

#: The forms a document's targets are filled in (新建, 表式和审核规则); the others report a later moment.
TARGET_FORMS: dict[str, FormLayout] = {k: f for k, f in FORMS.items() if f.moment == TARGETS}
#: What the command line accepts for a later moment's form of the document's own province.
MOMENT_WORDS = {"自评": SELF_EVALUATION, "自评表": SELF_EVALUATION, "监控": MONITORING, "监控表": MONITORING}


class UnknownFormError(ValueError):
    pass


class MonthMissingError(UnknownFormError):
    """A 监控表 asked for without the month its round covers."""

    def __init__(self, form_name: str) -> None:
        super().__init__(f"{form_name}按月份填报：请指定监控截至的月份（1–12，如 7 表示 1-7月）。")
        self.form_name = form_name


_OF_MONTH = re.compile(r"^(.+)@(\d{1,2})$")


def form(key: str) -> FormLayout:
    """A form by its key — a round's as ``<key>@<month>`` (national-monitoring@7). Raises UnknownFormError
    (Chinese) for a key this perfdesk lacks."""
    match = _OF_MONTH.match(key)
    if match:
        return for_month(lookup(FORMS, match.group(1), "表式", UnknownFormError), int(match.group(2)))
    return lookup(FORMS, key, "表式", UnknownFormError)


def for_month(layout: FormLayout, month: int | None) -> FormLayout:
    """A round's form made for ``month`` (once per form and month: pages and readers ask often); other forms as
    they are. A round's form without a month cannot be shown or written: the month is asked for."""
    if not layout.monthly:
        return layout
    if month is None:
        raise MonthMissingError(layout.name)
    if not 1 <= month <= 12:
        raise UnknownFormError(f"监控月份应为 1–12 之间的整数，不是 {month}。")
    made = _MADE_FOR_MONTH.get((layout.key, month))
    if made is None:
        made = _MADE_FOR_MONTH[layout.key, month] = layout.for_month(month)
    return made


_MADE_FOR_MONTH: dict[tuple[str, int], FormLayout] = {}


def form_by_name(text: str) -> FormLayout:
    """A form chosen by its key or its Chinese name (the CLI's --form)."""
    return by_name(FORMS, text, "表式", UnknownFormError)



def target_form_by_name(text: str) -> FormLayout:
    """A target form by key or name (新建, 更换表式): a 自评表 or 监控表 is a report, not a document's form."""
    report = next((f for f in FORMS.values() if f.moment != TARGETS and text.strip() in (f.key, f.name)), None)
    if report is not None:
        raise UnknownFormError(f"「{report.name}」是{MOMENTS[report.moment]}，按文档中的指标导出即可（perfdesk export "
                               f"--form {report.key}），不能作为文档的表式。")
    return by_name(TARGET_FORMS, text, "表式", UnknownFormError)


def moment_form(moment: str, rule_set_key: str, month: int | None = None) -> FormLayout:
    """The 自评表 / 监控表 a document reports on: its rule set's province's, else the national one; a 监控表 made
    for the round of ``month``."""
    candidates = [f for f in FORMS.values() if f.moment == moment]
    chosen = next((f for f in candidates if f.preset_rule_set == rule_set_key),
                  next((f for f in candidates if f.preset_rule_set == "national"), candidates[0]))
    return for_month(chosen, month)


def report_form_by_name(text: str, rule_set_key: str, month: int | None = None) -> FormLayout:
    """A form to export a document in (--form): any form by key or name, or 自评 / 监控 for the document's
    province's report of that moment; a 监控表 for the round of ``month``."""
    moment = MOMENT_WORDS.get(text.strip())
    return moment_form(moment, rule_set_key, month) if moment else for_month(form_by_name(text), month)


def target_form_of(report: FormLayout) -> FormLayout:
    """The target form of a report's province (a 自评表's indicators read as a document are kept in it)."""
    return next((f for f in TARGET_FORMS.values() if f.preset_rule_set == report.preset_rule_set), TARGET_FORMS["national"])
