"""The forms perfdesk knows, each a description (``FormLayout``); a document records which one it uses."""

from __future__ import annotations

from ..layout import MOMENTS, MONITORING, SELF_EVALUATION, TARGETS, FormLayout
from ..named import by_name, lookup
from .hebei import HEBEI
from .hebei_info import HEBEI_INFO
from .hebei_self_evaluation import HEBEI_SELF_EVALUATION
from .national import NATIONAL
from .national_standard import NATIONAL_STANDARD
from .national_self_evaluation import NATIONAL_SELF_EVALUATION
from .national_year import NATIONAL_YEAR

FORMS: dict[str, FormLayout] = {f.key: f for f in (HEBEI, NATIONAL, NATIONAL_YEAR, NATIONAL_STANDARD, HEBEI_INFO,
                                                  NATIONAL_SELF_EVALUATION, HEBEI_SELF_EVALUATION)}

#: The forms a document's targets are filled in (新建, 表式和审核规则); the others report a later moment.
TARGET_FORMS: dict[str, FormLayout] = {k: f for k, f in FORMS.items() if f.moment == TARGETS}
#: What the command line accepts for a later moment's form of the document's own province.
MOMENT_WORDS = {"自评": SELF_EVALUATION, "自评表": SELF_EVALUATION, "监控": MONITORING, "监控表": MONITORING}


class UnknownFormError(ValueError):
    pass


def form(key: str) -> FormLayout:
    """The form of a document, by its key. Raises UnknownFormError (Chinese) for a key this perfdesk lacks."""
    return lookup(FORMS, key, "表式", UnknownFormError)


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


def moment_form(moment: str, rule_set_key: str) -> FormLayout:
    """The 自评表 / 监控表 a document reports on: its rule set's province's, else the national one."""
    candidates = [f for f in FORMS.values() if f.moment == moment]
    if not candidates:
        raise UnknownFormError("这个版本的 perfdesk 还没有执行监控表。")
    return next((f for f in candidates if f.preset_rule_set == rule_set_key),
                next((f for f in candidates if f.preset_rule_set == "national"), candidates[0]))


def report_form_by_name(text: str, rule_set_key: str) -> FormLayout:
    """A form to export a document in (--form): any form by key or name, or 自评 / 监控 for the document's
    province's report of that moment."""
    moment = MOMENT_WORDS.get(text.strip())
    return moment_form(moment, rule_set_key) if moment else form_by_name(text)


def target_form_of(report: FormLayout) -> FormLayout:
    """The target form of a report's province (a 自评表's indicators read as a document are kept in it)."""
    return next((f for f in TARGET_FORMS.values() if f.preset_rule_set == report.preset_rule_set), TARGET_FORMS["national"])
