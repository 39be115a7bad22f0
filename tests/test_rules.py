"""审核 rules: each fires on a table with the problem and stays quiet on a correct one."""

import copy
import json
from decimal import Decimal

import pytest

from conftest import run_cli
from perfdesk.domain.model import Department, Document, Indicator, IndicatorRound, Project
from perfdesk.domain.rules import ERROR, HINT, RULES, Checker, check_document



def good_project(code: str = "130322260000000000001", name: str = "道路养护经费") -> Project:
    return Project(
        code=code, name=name, budget=Decimal("30.00"), fiscal=Decimal("25.00"), other=Decimal("5.00"),
        fund_use="用于县道日常养护。", plan=[Decimal("20"), Decimal("50"), Decimal("80"), Decimal("100")],
        goals=["完成县道养护120公里。"],
        indicators=[
            Indicator("产出指标", "数量指标", "养护里程", "年度养护的县道里程", "≥120公里", "年度养护计划"),
            Indicator("产出指标", "质量指标", "路况优良率", "优良路段里程/总里程", "≥90%", "公路技术状况评定标准"),
            Indicator("产出指标", "时效指标", "养护完成时间", "全年养护任务完成时间", "≤12月底", "养护合同"),
            Indicator("产出指标", "成本指标", "养护成本", "养护总成本控制", "≤30万元", "预算批复"),
            Indicator("效益指标", "社会效益指标", "群众出行条件", "县道通行状况", "明显改善", "交通流量调查"),
            Indicator("满意度指标", "服务对象满意度指标", "沿线群众满意度", "抽样调查满意比例", "≥90%", "问卷调查"),
        ])


def document(*projects: Project) -> Document:
    return Document(departments=[Department(code="210001", name="县交通运输局", projects=list(projects))])


def rules_of(doc: Document) -> set[str]:
    return {f.rule for f in check_document(doc)}


def test_a_correct_table_has_no_findings():
    assert check_document(document(good_project(), good_project("130322260000000000002", "桥梁检测经费"),
                                   good_project("130322260000000000003", "公交补贴"))) == []


def mutate(fn):
    project = good_project()
    fn(project)
    return project


CASES = {
    "R-CODE-EMPTY": lambda p: setattr(p, "code", " "),
    "R-BUDGET-EMPTY": lambda p: (setattr(p, "budget", None), setattr(p, "fiscal", None), setattr(p, "other", None)),
    "R-GOAL-EMPTY": lambda p: setattr(p, "goals", []),
    "R-INDICATOR-EMPTY": lambda p: p.indicators.insert(1, Indicator("产出指标", "数量指标")),
    "R-INDICATOR-NAME-EMPTY": lambda p: setattr(p.indicators[0], "name", ""),
    "R-VALUE-MISSING": lambda p: setattr(p.indicators[0], "value", ""),
    "R-PLACEHOLDER": lambda p: setattr(p.indicators[0], "value", "≥**公里"),  # a template's blank left in
    # the 自评 of the same project
    "R-SCORE-ABOVE-WEIGHT": lambda p: (setattr(p.indicators[4], "actual", "明显改善"),
                                       setattr(p.indicators[4], "score", Decimal(40))),
    "R-DEVIATION-MISSING": lambda p: setattr(p.indicators[0], "actual", "100公里"),  # 100 of ≥120: below 分值
    "R-WEIGHTS-NOT-100": lambda p: (setattr(p.indicators[0], "actual", "120公里"),
                                    setattr(p.indicators[0], "weight", Decimal(5))),
    "R-BAND-SCORE": lambda p: (setattr(p.indicators[4], "actual", "明显改善"), setattr(p.indicators[4], "band", "达成年度指标"),
                               setattr(p.indicators[4], "score", Decimal(10))),
    # a 监控 round of the same project: 全年预计 100 of ≥120公里 is 16.7 % off, and no 偏差原因 is given
    "R-MONITOR-CAUSE-MISSING": lambda p: p.indicators[0].rounds.__setitem__(7, IndicatorRound("60公里", "100公里")),
    "R-OUTPUT-LEVEL2-MISSING": lambda p: p.indicators.pop(2),  # no 时效指标
    "R-BENEFIT-MISSING": lambda p: p.indicators.pop(4),
    "R-SATISFACTION-MISSING": lambda p: p.indicators.pop(5),
    "R-FUNDS-SUM": lambda p: setattr(p, "other", Decimal("4.99")),
    "R-PLAN-RANGE": lambda p: p.plan.__setitem__(2, Decimal("120")),
    "R-PLAN-DECREASING": lambda p: p.plan.__setitem__(1, Decimal("10")),
    "R-PLAN-NOT-100": lambda p: p.plan.__setitem__(3, Decimal("95")),
    "R-LEVEL-MISMATCH": lambda p: setattr(p.indicators[4], "level2", "数量指标"),
    "R-VALUE-NO-UNIT": lambda p: setattr(p.indicators[0], "value", "≥120"),
    "R-VALUE-UNMEASURABLE": lambda p: setattr(p.indicators[4], "value", "长期"),
    "R-NAME-HAS-VALUE": lambda p: setattr(p.indicators[3], "name", "养护成本≤30万"),
    "R-BASIS-SAME": lambda p: [setattr(i, "basis", "依据部门职责") for i in p.indicators],
    "R-SATISFACTION-LOW": lambda p: setattr(p.indicators[5], "value", "≥85%"),
    "R-OPERATOR-CONTRADICTS": lambda p: setattr(p.indicators[3], "value", "≥30万元"),
    "R-NAME-DUPLICATE": lambda p: setattr(p.indicators[1], "name", "养护里程"),
    "R-ECOLOGY-FILLER": lambda p: p.indicators.insert(5, Indicator("效益指标", "生态效益指标", "促进节能减排", "节能",
                                                                      "明显", "依据")),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(rule):
    fired = check_document(document(mutate(CASES[rule])))
    assert rule in {f.rule for f in fired}
    finding = next(f for f in fired if f.rule == rule)
    assert finding.severity == RULES[rule][0] and finding.project == 0 and "道路养护经费" in finding.message


def test_every_rule_has_a_case():
    assert set(RULES) - set(CASES) == {"R-UNIT-MIXED", "R-CODE-PATTERN", "R-NAME-EMPTY", "R-UNIT-CODE-EMPTY", "R-CODE-DUPLICATE",
                                       "R-UNIT-NAME-EMPTY"}  # tested below


def test_what_the_bureau_rejects_first_empty_codes_and_names():
    """Regression: an empty 项目编码, 项目名称, 预算数, 单位编码 or 单位名称 passed the 审核."""
    nameless = mutate(lambda p: setattr(p, "name", ""))
    doc = Document(departments=[Department(code="", name="", projects=[nameless])])
    fired = {f.rule: f for f in check_document(doc)}
    assert {"R-NAME-EMPTY", "R-UNIT-CODE-EMPTY", "R-UNIT-NAME-EMPTY"} <= set(fired)
    assert all(fired[r].is_error for r in ("R-NAME-EMPTY", "R-UNIT-CODE-EMPTY", "R-UNIT-NAME-EMPTY"))
    assert "130322260000000000001" in fired["R-NAME-EMPTY"].message and fired["R-UNIT-CODE-EMPTY"].project is None


def test_check_command_lists_the_units_own_findings(tmp_path):
    from perfdesk.storage import DocumentFile

    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, Document(departments=[Department(code="", name="县交通运输局",
                                                               projects=[good_project()])])).close()
    result = run_cli("check", path)
    assert result.returncode == 1 and "R-UNIT-CODE-EMPTY" in result.stdout and "单位  县交通运输局" in result.stdout



def test_unit_spellings_mixed_in_a_document():
    odd = good_project("130322260000000000002", "桥梁检测经费")
    odd.indicators[1].value = "≥90百分比"
    fired = [f for f in check_document(document(good_project(), odd)) if f.rule == "R-UNIT-MIXED"]
    assert [(f.project, f.indicator) for f in fired] == [(1, 1)] and fired[0].severity == HINT
    assert "R-UNIT-MIXED" not in rules_of(document(good_project(), good_project("130322260000000000002", "乙")))


def test_two_projects_with_the_same_code_are_an_error():
    fired = [f for f in check_document(document(good_project(), good_project(name="桥梁检测经费")))
             if f.rule == "R-CODE-DUPLICATE"]
    assert [f.project for f in fired] == [0, 1] and all(f.is_error for f in fired)
    assert "2.桥梁检测经费" in fired[0].message


def test_project_code_unlike_the_units_codes():
    projects = [good_project(f"13032226000000000000{n}", f"项目{n}") for n in range(1, 4)]
    projects.append(good_project("ABC-1", "外来项目"))
    fired = [f for f in check_document(document(*projects)) if f.rule == "R-CODE-PATTERN"]
    assert [f.project for f in fired] == [3] and "ABC-1" in fired[0].message


def test_classified_project_is_checked_only_on_what_is_published():
    secret = mutate(lambda p: [setattr(i, "value", "") for i in p.indicators])
    secret.secret = True
    assert rules_of(document(secret)) == set()
    secret.plan[3] = Decimal("90")
    secret.indicators.pop(5)
    assert rules_of(document(secret)) == {"R-PLAN-NOT-100", "R-SATISFACTION-MISSING"}


def test_mof2021_needs_a_cost_indicator():
    project = good_project()
    project.indicators = [i for i in project.indicators if i.level2 != "成本指标"]
    doc = document(project)
    doc.taxonomy = "mof2021"
    fired = check_document(doc)
    assert any(f.rule == "R-OUTPUT-LEVEL2-MISSING" and "成本指标" in f.message for f in fired)
    project.indicators.insert(3, Indicator("成本指标", "经济成本指标", "养护成本", "总成本", "≤30万元", "预算"))
    assert not any(f.rule == "R-OUTPUT-LEVEL2-MISSING" for f in check_document(doc))


def test_seed_has_no_errors_and_its_known_weaknesses_are_hinted(seed_doc):
    findings = check_document(seed_doc)
    assert not [f for f in findings if f.severity == ERROR]
    rules = {f.rule for f in findings}
    assert {"R-BASIS-SAME", "R-ECOLOGY-FILLER", "R-VALUE-UNMEASURABLE", "R-NAME-HAS-VALUE", "R-UNIT-MIXED"} <= rules
    assert any("责任险、收治费用≥120万" in f.message for f in findings)
    assert any("以当年实际发生数为准" in f.message for f in findings)


def test_incremental_recheck_matches_a_full_check(seed_doc):
    checker = Checker(copy.deepcopy(seed_doc))
    project = copy.deepcopy(seed_doc.departments[0].projects[6])
    project.indicators[3].value = "≤100%"  # 百分比 → % in 见义勇为奖金
    project.indicators[0].value = ""
    checker.replace_project(0, 6, project)
    edited = copy.deepcopy(seed_doc)
    edited.departments[0].projects[6] = project
    assert sorted(map(repr, checker.findings())) == sorted(map(repr, check_document(edited)))


def test_a_check_streamed_from_the_file_finds_what_a_whole_check_finds_and_keeps_no_indicators(tmp_path, seed_doc):
    """The window's background 审核 reads one project's indicators at a time and lets them go once checked: the
    same findings (R-UNIT-MIXED across projects included, a project without indicators too), and after an edit
    the same as a whole check of the edited document."""
    from perfdesk.storage import DocumentFile
    from perfdesk.storage import repository as repo

    document = copy.deepcopy(seed_doc)
    document.departments[0].projects.append(Project(code="X1", name="空项目"))  # no indicators at all
    second = copy.deepcopy(seed_doc.departments[0])
    second.code, second.name, second.projects = "", "第二单位", second.projects[:2]  # its own unit finding
    document.departments.append(second)
    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, document).close()
    with DocumentFile.open(path) as doc:
        stored = doc.read()
        with doc.reading() as conn:
            checker = Checker(repo.read_document(conn, with_indicators=False), repo.project_indicators(conn))
    whole = check_document(stored)
    assert "R-UNIT-MIXED" in {f.rule for f in whole} and "R-OUTPUT-LEVEL2-MISSING" in {f.rule for f in whole if f.project == 9}
    assert checker.findings() == whole  # in the same order: perfdesk check --json lists them so
    assert not [p for d in checker.document.departments for p in d.projects if p.indicators]
    assert stored.departments[0].projects[6].indicators  # the document given is not emptied
    edited = copy.deepcopy(stored)
    edited.departments[0].projects[6].indicators[3].value = "≤100%"
    checker.replace_project(0, 6, copy.deepcopy(edited.departments[0].projects[6]))
    assert sorted(map(repr, checker.findings())) == sorted(map(repr, check_document(edited)))


def test_cli_check_on_the_seed_and_without_satisfaction(tmp_path, seed_text, seed_path):
    doc = tmp_path / "seed.perfdesk"
    assert run_cli("import", seed_path, "-o", doc).returncode == 0
    result = run_cli("check", doc)
    assert result.returncode == 0 and "错误 0 个" in result.stdout and "R-BASIS-SAME" in result.stdout
    as_json = json.loads(run_cli("check", doc, "--json").stdout)
    assert as_json["errors"] == 0 and as_json["findings"][0]["location"]["project"] is not None

    # remove the 满意度 row of 铁路护路联防经费 before importing
    start = seed_text.index("\t满意度指标", seed_text.index("5.铁路护路联防经费"))
    end = seed_text.index("\n\n", start)
    src = tmp_path / "no_satisfaction.txt"
    src.write_text(seed_text[:start] + seed_text[end + 2:], encoding="utf-8")
    broken = tmp_path / "broken.perfdesk"
    assert run_cli("import", src, "-o", broken).returncode == 0
    result = run_cli("check", broken)
    assert result.returncode == 1 and "错误 1 个" in result.stdout
    assert "5.铁路护路联防经费" in result.stdout and "R-SATISFACTION-MISSING" in result.stdout
    assert "项目「铁路护路联防经费」没有满意度指标" in result.stdout




def test_a_blank_amount_is_said_as_not_filled_not_as_zero():
    """Issue 12 §7: R-FUNDS-SUM names a blank 财政资金 未填 (a 0 there would be a different mistake)."""
    project = mutate(lambda p: setattr(p, "fiscal", None))
    found = next(f for f in check_document(document(project)) if f.rule == "R-FUNDS-SUM")
    assert "财政资金 未填 + 其他资金" in found.message and "财政资金 0 " not in found.message
