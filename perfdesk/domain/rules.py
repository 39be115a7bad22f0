"""审核: the checks the finance bureau applies, as code — each rule with a stable id, a severity, a location
and a Chinese message saying what is wrong and what to do.

错误 is what the integrated budget system rejects; 提示 is what reviewers often send a table back for
(phrased like their opinions in DOMAIN.md). Classified (涉密) projects are checked only on what the public
version shows: their indicator cells are withheld, so only their 一级/二级 structure, money and plan count.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .model import MID, YEAR, Department, Document, Indicator, Project, round_key
from .monitoring import needs_cause
from .rulesets import RuleSet, rule_set
from .scoring import band_range, needs_explanation, project_scores
from .taxonomy import Taxonomy, taxonomy
from .text import label_key, to_halfwidth
from .values import GE, GT, parse_value

ERROR, HINT = "错误", "提示"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    department: int  # index in the document
    project: int | None = None  # index in the department
    indicator: int | None = None  # index in the project
    field: str | None = None  # a head field key or an Indicator attribute
    project_id: int | None = None
    indicator_id: int | None = None
    rule_set: str = ""  # the name of the rule set that found it (河北, 全国通用…)
    whole: bool = False  # about the unit's own 部门整体 table (Department.whole; ``project`` is None)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {"rule": self.rule, "rule_set": self.rule_set, "severity": self.severity, "message": self.message,
                "location": {"department": self.department, "project": self.project, "indicator": self.indicator,
                             "field": self.field, **({"whole": True} if self.whole else {})}}


#: Every rule: id → (severity, what it is about). The ids are stable; tests and the JSON output use them.
RULES = {
    "R-UNIT-CODE-EMPTY": (ERROR, "单位编码未填写"),
    "R-UNIT-NAME-EMPTY": (ERROR, "单位名称未填写"),
    "R-CODE-EMPTY": (ERROR, "项目编码未填写"),
    "R-CODE-DUPLICATE": (ERROR, "项目编码重复"),
    "R-NAME-EMPTY": (ERROR, "项目名称未填写"),
    "R-BUDGET-EMPTY": (ERROR, "预算数未填写"),
    "R-GOAL-EMPTY": (ERROR, "绩效目标未填写"),
    "R-INDICATOR-EMPTY": (ERROR, "指标行尚未填写"),
    "R-INDICATOR-NAME-EMPTY": (ERROR, "三级指标名称未填写"),
    "R-VALUE-MISSING": (ERROR, "三级指标缺少指标值"),
    "R-PLACEHOLDER": (ERROR, "指标仍是模板占位符"),
    "R-OUTPUT-LEVEL2-MISSING": (ERROR, "产出指标的某个二级指标下没有三级指标"),
    "R-BENEFIT-MISSING": (ERROR, "没有效益指标"),
    "R-SATISFACTION-MISSING": (ERROR, "没有满意度指标"),
    "R-FUNDS-SUM": (ERROR, "财政资金与其他资金之和不等于预算数"),
    "R-PLAN-RANGE": (ERROR, "资金支出计划超出 0–100%"),
    "R-PLAN-DECREASING": (ERROR, "资金支出计划逐期减少"),
    "R-PLAN-NOT-100": (ERROR, "12月底支出计划不是 100%"),
    "R-LEVEL-MISMATCH": (ERROR, "二级指标不属于所填的一级指标"),
    "R-VALUE-NO-UNIT": (ERROR, "定量指标值缺少计量单位"),
    "R-VALUE-UNMEASURABLE": (HINT, "指标值不可衡量"),
    "R-NAME-HAS-VALUE": (HINT, "三级指标名称中含有运算符或数值"),
    "R-BASIS-SAME": (HINT, "各行指标值确定依据相同"),
    "R-UNIT-MIXED": (HINT, "同一计量单位有两种写法"),
    "R-SATISFACTION-LOW": (HINT, "满意度目标低于 90%"),
    "R-OPERATOR-CONTRADICTS": (HINT, "运算符与指标含义相反"),
    "R-NAME-DUPLICATE": (HINT, "三级指标名称重复"),
    "R-CODE-PATTERN": (HINT, "项目编码与本单位其他项目不一致"),
    "R-ECOLOGY-FILLER": (HINT, "生态效益指标与项目关联不大"),
    # the year-end 自评 (once 实际完成值 are entered)
    "R-SCORE-ABOVE-WEIGHT": (ERROR, "得分高于分值"),
    "R-DEVIATION-MISSING": (ERROR, "缺少偏差原因分析"),
    "R-WEIGHTS-NOT-100": (ERROR, "分值合计不等于100"),
    "R-BAND-SCORE": (ERROR, "定性指标的得分不在所选达成情况的范围内"),
    # the mid-year 执行监控 (each round entered)
    "R-MONITOR-CAUSE-MISSING": (ERROR, "预计完成值偏差较大，缺少偏差原因"),
}

_UNMEASURABLE = ("长期", "以当年实际发生数为准", "以实际发生数为准", "按实际发生", "据实", "以实际为准")
# A number starts only where no digit precedes it, so the search stays linear on a long run of digits.
_NAME_VALUE = re.compile(r"(>=|<=|[≥≤≧≦＞＜><=＝])\s*\d|(?<![\d.])\d++(?:\.\d+)?\s*(%|％|万元|万|元|个|人|次|家|天)")
# a template's blanks left in: ≥**人次, XX万元, ＊＊
_PLACEHOLDER = re.compile(r"\*\*|＊＊|(?<![A-Za-z])(?:XX|xx|ＸＸ)(?![A-Za-z])")
_COST_WORDS = ("成本", "费用", "资金", "经费", "支出", "金额")
_LOWER_IS_BETTER = ("故障率", "投诉率", "事故", "发生率", "差错率", "超支")
_FILLER = ("节能减排", "不造成污染", "无污染", "不产生污染", "对生态环境无", "不造成影响", "对生态环境不")
_UNIT_SPELLINGS = {"%": ("%", "％", "百分比")}


class _Collector:
    def __init__(self, d_index: int, rules: RuleSet) -> None:
        self.d = d_index
        self.rules = rules
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, p: int | None = None, project: Project | None = None,
            i: int | None = None, indicator: Indicator | None = None, field: str | None = None) -> None:
        self.findings.append(Finding(rule, RULES[rule][0], message, self.d, p, i, field,
                                     project.id if project else None, indicator.id if indicator else None,
                                     self.rules.name))


# -- one project ------------------------------------------------------------------------------

def _levels(tax: Taxonomy, p: Project, phase: str) -> tuple[dict[str, int], dict[str, int]]:
    # A row with its 二级 chosen counts for the structure even before it is filled in: its emptiness is
    # reported on the row itself, so a new project lists what is still to fill, not missing groups.
    rows = [i for i in p.indicators if i.phase == phase and (i.name or i.level2 or p.secret)]
    level1 = Counter(tax.normalise_level1(i.level1) or i.level1 for i in rows)
    level2 = Counter(i.level2 for i in rows)
    return level1, level2


def _required_output(tax: Taxonomy, rules: RuleSet) -> list[str]:
    """The 产出 二级 the rule set requires a row under (成本指标 only where 成本 is required)."""
    return [child.name for child in tax.levels[0].children if rules.require_cost or child.name != COST]


COST = "成本指标"


def starter_indicators(tax: Taxonomy, rules: RuleSet) -> list[Indicator]:
    """The empty rows a new project starts with: one for each 二级 the rule set requires (the 产出 二级, a
    效益 row, a 满意度 row, and a 成本 row where 成本 is a 一级 and required), so that the clerk fills the
    form instead of meeting structure errors."""
    output, *others = tax.levels
    rows = [Indicator(output.name, name) for name in _required_output(tax, rules)]
    wanted = (["效益指标"] if rules.require_benefit else []) + (["满意度指标"] if rules.require_satisfaction else []) \
        + ([COST] if rules.require_cost else [])
    for level in others:
        if level.name in wanted and level.children:
            # 社会效益 is what most county projects report; otherwise the 一级's first 二级
            child = next((c for c in level.children if c.name.startswith("社会")), level.children[0])
            rows.append(Indicator(level.name, child.name))
    order = {name: n for n, name in enumerate(tax.level1_names())}
    return sorted(rows, key=lambda i: order[i.level1])


def _said(amount: Decimal | None) -> str:
    """An amount in a message: a blank one is 未填, never 0 (a 0 typed there would be another mistake)."""
    return "未填" if amount is None else str(amount)


def check_project(tax: Taxonomy, rules: RuleSet, d_index: int, d: Department, p_index: int | None,
                  p: Project, where: str | None = None) -> list[Finding]:
    """A project's findings (``p_index`` its place in the unit); a table that is not a numbered project — the
    unit's own (check_whole) — has no index, and ``where`` names it in the messages."""
    out = _Collector(d_index, rules)
    where = where or f"项目「{p.name or '（未命名）'}」"

    def add(rule: str, msg: str, **kw) -> None:
        out.add(rule, msg, p_index, p, **kw)

    # what the bureau's system rejects first: a table it cannot file
    if not p.code.strip():
        add("R-CODE-EMPTY", f"{where}的项目编码未填写：请填写预算系统中的项目编码。", field="code")
    if p_index is not None and not p.name.strip():
        add("R-NAME-EMPTY", f"第{p_index + 1}个项目（项目编码「{p.code}」）的项目名称未填写：请填写与预算一致的项目名称。",
            field="name")
    if p.budget is None:
        add("R-BUDGET-EMPTY", f"{where}的预算数未填写：请填写本年度预算数（万元）。", field="budget")
    if not p.goals:
        add("R-GOAL-EMPTY", f"{where}的绩效目标未填写：请写明本年度要达到的产出和效果。", field="goals")

    # money and schedule
    if any(v is not None for v in (p.budget, p.fiscal, p.other)):
        total = (p.fiscal or Decimal(0)) + (p.other or Decimal(0))
        if total != (p.budget or Decimal(0)):
            add("R-FUNDS-SUM", f"{where}：财政资金 {_said(p.fiscal)} + 其他资金 {_said(p.other)} = {total}，"
                               f"与预算数 {_said(p.budget)} 不符，请核对金额。", field="budget")
    previous = None
    for n, value in enumerate(p.plan):
        if value is None:
            continue
        if not Decimal(0) <= value <= Decimal(100):
            add("R-PLAN-RANGE", f"{where}的资金支出计划第{n + 1}期为 {value}%，应在 0% 到 100% 之间。", field=f"plan{n}")
        if previous is not None and value < previous:
            add("R-PLAN-DECREASING", f"{where}的资金支出计划是累计进度，第{n + 1}期 {value}% 不应小于前一期 {previous}%。",
                field=f"plan{n}")
        previous = value
    if any(v is not None for v in p.plan) and p.plan[-1] != Decimal(100):
        add("R-PLAN-NOT-100", f"{where}的资金支出计划到12月底应为 100%（现为 {p.plan[-1] or '空'}）。",
            field=f"plan{len(p.plan) - 1}")

    # structure of the indicator block (published even for classified projects)
    for i, ind in enumerate(p.indicators):
        level1 = tax.normalise_level1(ind.level1)
        if ind.level2 and (level1 is None or tax.normalise_level2(level1, ind.level2) is None):
            expected = tax.level1_of(ind.level2)
            hint = f"，它属于「{expected[0]}」" if expected else ""
            add("R-LEVEL-MISMATCH", f"{where}第{i + 1}条指标：二级指标「{ind.level2}」不属于一级指标「{ind.level1}」{hint}。"
                                    "请重新选择二级指标。", i=i, indicator=ind, field="level2")
    # each set of indicators (年度 always; 中期 once it has any) has the structure the rule set requires
    for phase in (YEAR, MID):
        if phase == MID and not any(i.phase == MID for i in p.indicators):
            continue
        which = "" if phase == YEAR else "中期指标"
        present1, present2 = _levels(tax, p, phase)
        output = tax.levels[0]
        for name in _required_output(tax, rules):
            if not present2.get(name):
                add("R-OUTPUT-LEVEL2-MISSING", f"{where}{which}缺少「{output.name}—{name}」：每个产出二级指标下至少要有一条"
                                               "三级指标（指标不够完整）。", field="indicators")
        if rules.require_cost and tax.normalise_level1(COST) and not present1.get(COST):
            add("R-OUTPUT-LEVEL2-MISSING", f"{where}{which}缺少成本指标：至少要有一条经济、社会或生态环境成本指标。",
                field="indicators")
        if rules.require_benefit and not present1.get("效益指标"):
            add("R-BENEFIT-MISSING", f"{where}{which}没有效益指标：建议增加明确的效益指标。", field="indicators")
        if rules.require_satisfaction and not present1.get("满意度指标"):
            add("R-SATISFACTION-MISSING", f"{where}{which}没有满意度指标：建议增加满意度指标（如服务对象满意度≥90%）。",
                field="indicators")

    if p.secret:
        return out.findings  # the indicator cells are withheld in the public version

    # each indicator
    # a name repeats only within its set: the 中期 and 年度 sets of a national table often share names
    names = Counter((i.phase, label_key(i.name)) for i in p.indicators if i.name)
    for i, ind in enumerate(p.indicators):
        label = f"{where}第{i + 1}条指标「{ind.name or '（未填三级指标）'}」"
        kw = dict(i=i, indicator=ind)
        value = parse_value(ind.value)
        if not ind.has_content():
            add("R-INDICATOR-EMPTY", f"{where}第{i + 1}条指标（{ind.level2 or '未选二级指标'}）尚未填写：请填写三级指标、"
                                     "指标值等，不需要的行可删除。", field="name", **kw)
            continue
        if not ind.name.strip():
            add("R-INDICATOR-NAME-EMPTY", f"{label}的三级指标名称未填写。", field="name", **kw)
        for field, text in (("name", ind.name), ("value", ind.value)):
            if _PLACEHOLDER.search(text):
                add("R-PLACEHOLDER", f"{label}的{'三级指标' if field == 'name' else '指标值'}「{text[:30]}」还是模板的占位符"
                                     "（**、XX）：请填写本项目的实际内容。", field=field, **kw)
        if value.kind == "empty":
            add("R-VALUE-MISSING", f"{label}缺少指标值：请填写目标值，如≥95%、≤10万元或定性描述。", field="value", **kw)
        elif value.kind == "quantitative" and not value.unit:
            add("R-VALUE-NO-UNIT", f"{label}的指标值「{ind.value}」没有计量单位：请写明单位，如%、个、人、万元。",
                field="value", **kw)
        if value.kind == "qualitative":
            text = label_key(ind.value)
            if any(label_key(w) in text for w in _UNMEASURABLE) and len(text) <= 12 or \
                    text in (label_key(ind.description), label_key(ind.name)):
                add("R-VALUE-UNMEASURABLE", f"{label}的指标值「{ind.value}」无法衡量或只是重复了指标：指标不够细化、量化，"
                                            "建议给出可考核的目标值。", field="value", **kw)
        if _NAME_VALUE.search(to_halfwidth(ind.name)):
            add("R-NAME-HAS-VALUE", f"{label}的名称中含有运算符或数值：指标与指标值不匹配，请把目标值移到“指标值”栏。",
                field="name", **kw)
        if ind.name and names[(ind.phase, label_key(ind.name))] > 1:
            add("R-NAME-DUPLICATE", f"{label}与本项目另一条三级指标同名：建议拆分或合并指标。", field="name", **kw)
        if value.kind == "quantitative":
            level1 = tax.normalise_level1(ind.level1)
            floor = rules.satisfaction_floor
            if level1 == "满意度指标" and value.is_percent and value.operator in (GE, GT, "＝") and value.number < floor:
                add("R-SATISFACTION-LOW", f"{label}的满意度目标 {ind.value} 低于惯例的 {floor}%。", field="value", **kw)
            cost = "成本" in ind.level2 or level1 == "成本指标" or any(w in ind.name for w in _COST_WORDS[:2])
            lower_better = any(w in ind.name for w in _LOWER_IS_BETTER)
            if value.operator in (GE, GT) and (cost and value.unit.endswith("元") or lower_better):
                add("R-OPERATOR-CONTRADICTS", f"{label}的指标值「{ind.value}」用了“≥/＞”，但这是成本或越低越好的指标，"
                                              "一般应写“≤”。", field="value", **kw)
        if "生态" in ind.level2 and any(w in ind.name + ind.value for w in _FILLER):
            add("R-ECOLOGY-FILLER", f"{label}与项目关联不大（指标与项目的相关性不够）：如项目没有生态效益，可删去这条指标。",
                field="name", **kw)

    bases = [label_key(i.basis) for i in p.indicators if i.basis and "满意度" not in i.level1]
    if len(bases) >= 4 and len(set(bases)) == 1:
        add("R-BASIS-SAME", f"{where}各行的指标值确定依据都相同：请分别写明每个指标值的测算依据。", i=0,
            indicator=p.indicators[0], field="basis")
    _check_self_evaluation(rules, p, where, add)
    _check_monitoring(rules, p, where, add)
    return out.findings


# -- the document -----------------------------------------------------------------------------

def _code_shape(code: str) -> tuple[str, int]:
    return code[:6], len(code)


def _check_self_evaluation(rules: RuleSet, p: Project, where: str, add) -> None:
    """The 自评's own checks (FORMS.md §5), for a project whose 实际完成值 have been entered."""
    if not any(i.actual or i.score is not None for i in p.indicators):
        return
    result = project_scores(p, rules)
    for i, (ind, weight, score) in enumerate(zip(p.indicators, result["weights"], result["scores"])):
        label, kw = f"{where}第{i + 1}条指标「{ind.name or '（未填三级指标）'}」", dict(i=i, indicator=ind)
        if score is not None and weight is not None and score > weight:
            add("R-SCORE-ABOVE-WEIGHT", f"{label}的得分 {score} 高于分值 {weight}：得分不能超过分值。", field="score", **kw)
        if ind.actual and needs_explanation(rules, ind, score, weight) and not ind.deviation.strip():
            add("R-DEVIATION-MISSING", f"{label}得分低于分值，或实际完成值远超目标：请填写偏差原因分析及改进措施。",
                field="deviation", **kw)
        if ind.band and weight is not None and score is not None:
            low, high = band_range(rules, ind.band, weight)
            if not low <= score <= high:
                add("R-BAND-SCORE", f"{label}选的是「{ind.band}」，得分应在 {low}–{high} 之间（现为 {score}）。",
                    field="score", **kw)
    if any(i.weight is not None for i in p.indicators):
        total = sum((w for w in result["weights"] if w is not None), Decimal(0)) + dict(rules.score_weights)["预算执行"]
        if total != 100:
            add("R-WEIGHTS-NOT-100", f"{where}的分值合计为 {total}（含预算执行），应为 100：请调整各指标的分值。",
                field="indicators")


def _check_monitoring(rules: RuleSet, p: Project, where: str, add) -> None:
    """Each 监控 round's own check (FORMS.md §4): a 全年预计完成值 off its target beyond the rule set's limit
    needs its 偏差原因."""
    for i, ind in enumerate(p.indicators):
        for month, values in sorted(ind.rounds.items()):
            if needs_cause(rules, ind, month) and not (values.cause or values.cause_text.strip()):
                add("R-MONITOR-CAUSE-MISSING",
                    f"{where}第{i + 1}条指标「{ind.name or '（未填三级指标）'}」1-{month}月监控：全年预计完成值「{values.forecast}」"
                    f"偏离年度指标值「{ind.target}」超过 {rules.deviation_limit}%：请选择偏差原因并说明。",
                    i=i, indicator=ind, field=round_key(month, "cause"))


def check_department(tax: Taxonomy, rules: RuleSet, d_index: int, d: Department) -> list[Finding]:
    out = _Collector(d_index, rules)
    if not d.code.strip():
        out.add("R-UNIT-CODE-EMPTY", f"单位「{d.name or '（未命名）'}」的单位编码未填写：请在部门页填写预算单位编码。",
                field="unit")
    if not d.name.strip():
        out.add("R-UNIT-NAME-EMPTY", f"单位编码为「{d.code}」的单位名称未填写：请在部门页填写单位名称。", field="unit")
    codes = Counter(p.code.strip() for p in d.projects if p.code.strip())
    for n, p in enumerate(d.projects):
        if codes.get(p.code.strip(), 0) > 1:
            others = [f"{m + 1}.{q.name}" for m, q in enumerate(d.projects) if m != n and q.code.strip() == p.code.strip()]
            out.add("R-CODE-DUPLICATE", f"项目「{p.name}」的项目编码「{p.code}」与{'、'.join(others)}相同：每个项目的编码应唯一，"
                                        "请核对预算系统中的编码。", n, p, field="code")
    shapes = Counter(_code_shape(p.code) for p in d.projects if p.code)
    if len(d.projects) >= 3 and shapes:
        (prefix, length), count = shapes.most_common(1)[0]
        if count * 2 > len(d.projects):
            for n, p in enumerate(d.projects):
                if p.code and (not p.code.startswith(prefix) or abs(len(p.code) - length) > 1 or not p.code.isalnum()):
                    out.add("R-CODE-PATTERN", f"项目「{p.name}」的项目编码「{p.code}」与本单位其他项目（{prefix}…，{length}位）"
                                              "不一致，请核对。", n, p, field="code")
    return out.findings


def units_used(p: Project) -> Counter:
    """How often each spelling of % appears in a project's values (for the document-wide unit rule)."""
    counts: Counter = Counter()
    if p.secret:
        return counts
    for ind in p.indicators:
        value = parse_value(ind.value)
        if value.kind == "quantitative" and value.unit in _UNIT_SPELLINGS["%"]:
            counts[to_halfwidth(value.unit)] += 1
    return counts


def unit_notes(p: Project) -> tuple[tuple[int, str, int | None], ...]:
    """(position, unit as written, indicator id) of a project's indicators whose 指标值 has a unit: what the
    document-wide unit rule needs of a project once its indicators are let go (Checker)."""
    if p.secret:
        return ()
    return tuple((i, unit, ind.id) for i, ind in enumerate(p.indicators) if (unit := parse_value(ind.value).unit))


def check_units(document: Document, per_project: dict[tuple[int, int], Counter], rules: RuleSet,
                notes: dict[tuple[int, int], tuple] | None = None) -> list[Finding]:
    """R-UNIT-MIXED over the document; ``notes``: each project's unit_notes (else read from its indicators)."""
    total: Counter = Counter()
    for counts in per_project.values():
        total.update(counts)
    if len(total) < 2:
        return []
    common = total.most_common(1)[0][0]
    out = []
    for (dn, pn), counts in per_project.items():
        if any(u != common for u in counts):
            d = document.departments[dn]
            p = d.projects[pn]
            for i, unit, indicator_id in (notes[(dn, pn)] if notes is not None else unit_notes(p)):
                if to_halfwidth(unit) in total and to_halfwidth(unit) != common:
                    out.append(Finding("R-UNIT-MIXED", HINT,
                                       f"项目「{p.name}」第{i + 1}条指标写作「{unit}」，文档中多数写作「{common}」：请统一计量单位的写法。",
                                       dn, pn, i, "value", p.id, indicator_id, rules.name))
    return out


def fields_on_form(document: Document) -> frozenset[str]:
    """The project fields the document's form has a place for: a finding about another one (the 预算数 of a form
    without money, 河北预算项目绩效信息表) is one the clerk could not mend there, and the form does not ask it."""
    from .forms import form

    return form(document.form).field_keys


def on_form(findings: list[Finding], fields: frozenset[str]) -> list[Finding]:
    """A project's findings without those about a project field its form has no place for."""
    from .fields import FIELDS

    return [f for f in findings if f.indicator is not None or f.field not in FIELDS or f.field in fields]


WHOLE_TABLE = "部门整体绩效目标表"


def check_whole(tax: Taxonomy, rules: RuleSet, d_index: int, d: Department) -> list[Finding]:
    """The unit's own 部门整体 table (Department.whole), checked as a project's table is, on what its form has a
    place for (it has no 项目编码, 预算数 or 绩效目标 of a project's)."""
    from .forms import DEPARTMENT_FORM

    if d.whole is None:
        return []
    found = check_project(tax, rules, d_index, d, None, d.whole, where=WHOLE_TABLE)
    return [dataclasses.replace(f, whole=True) for f in on_form(found, DEPARTMENT_FORM.field_keys)]


def check_document(document: Document) -> list[Finding]:
    """Every finding of the document under its own rule set: each unit's own table, its projects, the unit."""
    tax, rules = taxonomy(document.taxonomy), rule_set(document.rule_set)
    fields = fields_on_form(document)
    findings: list[Finding] = []
    units: dict[tuple[int, int], Counter] = {}
    for dn, d in enumerate(document.departments):
        findings += check_whole(tax, rules, dn, d)
        for pn, p in enumerate(d.projects):
            findings += on_form(check_project(tax, rules, dn, d, pn, p), fields)
            units[(dn, pn)] = units_used(p)
        findings += check_department(tax, rules, dn, d)
    return findings + check_units(document, units, rules)


class Checker:
    """Findings kept per project, so that one edit re-checks one project (and the document-wide unit rule).

    It keeps the document's structure — units, projects with their fields — but no project's indicators: each
    project is checked, then let go of all but what the unit rule needs (unit_notes). Given ``indicators`` — an
    iterable of (project id, that project's indicators) as storage streams them — beside a document read without
    them, a whole-document check holds one project's indicators at a time: its memory follows the largest
    project, not the document."""

    def __init__(self, document: Document, indicators: Iterable[tuple[int, list[Indicator]]] | None = None) -> None:
        self.document = dataclasses.replace(document, departments=[
            dataclasses.replace(d, projects=list(d.projects)) for d in document.departments])
        self.tax = taxonomy(document.taxonomy)
        self.rules = rule_set(document.rule_set)
        self.fields = fields_on_form(document)
        self.per_project: dict[tuple[int, int], list[Finding]] = {}
        self.units: dict[tuple[int, int], Counter] = {}
        self.notes: dict[tuple[int, int], tuple] = {}
        self.per_department: dict[int, list[Finding]] = {}
        self.per_whole: dict[int, list[Finding]] = {}  # each unit's own table's
        if indicators is not None:
            places = {p.id: (dn, pn) for dn, d in enumerate(self.document.departments) for pn, p in enumerate(d.projects)}
            wholes = {d.whole.id: dn for dn, d in enumerate(self.document.departments) if d.whole is not None}
            for project_id, batch in indicators:
                if project_id in wholes:
                    dn = wholes[project_id]
                    self.replace_whole(dn, dataclasses.replace(self.document.departments[dn].whole, indicators=batch))
                    continue
                dn, pn = places[project_id]
                projects = self.document.departments[dn].projects
                projects[pn] = dataclasses.replace(projects[pn], indicators=batch)
                self._project(dn, pn)
        for dn, d in enumerate(self.document.departments):
            if dn not in self.per_whole:
                self.replace_whole(dn, d.whole)
            for pn in range(len(d.projects)):
                if (dn, pn) not in self.per_project:  # all of a whole document; those without indicators of a stream
                    self._project(dn, pn)
            self.per_department[dn] = check_department(self.tax, self.rules, dn, d)
        self.unit_findings = check_units(self.document, self.units, self.rules, self.notes)

    def _project(self, dn: int, pn: int) -> None:
        projects = self.document.departments[dn].projects
        p = projects[pn]
        self.per_project[(dn, pn)] = on_form(check_project(self.tax, self.rules, dn, self.document.departments[dn], pn, p),
                                             self.fields)
        self.units[(dn, pn)] = units_used(p)
        self.notes[(dn, pn)] = unit_notes(p)
        projects[pn] = dataclasses.replace(p, indicators=[])  # checked: let go of its indicators

    def replace_whole(self, dn: int, whole: Project | None) -> None:
        """A unit's own table checked (after an edit, or as it streams by), then kept without its indicators."""
        d = self.document.departments[dn]
        d.whole = whole
        self.per_whole[dn] = check_whole(self.tax, self.rules, dn, d)
        if whole is not None:
            d.whole = dataclasses.replace(whole, indicators=[])

    def replace_project(self, dn: int, pn: int, project: Project) -> None:
        """After an edit: put the new project in and re-check what depends on it."""
        self.document.departments[dn].projects[pn] = project
        self._project(dn, pn)
        self.per_department[dn] = check_department(self.tax, self.rules, dn, self.document.departments[dn])
        self.unit_findings = check_units(self.document, self.units, self.rules, self.notes)

    def findings(self) -> list[Finding]:
        """In document order, as check_document gives them: each unit's own table, its projects, then the unit,
        then the document-wide unit rule."""
        out = []
        for dn, d in enumerate(self.document.departments):
            out += self.per_whole[dn]
            for pn in range(len(d.projects)):
                out += self.per_project[(dn, pn)]
            out += self.per_department[dn]
        return out + self.unit_findings
