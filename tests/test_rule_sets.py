"""Rule sets as data: each document is checked under its own, and every finding names it."""

from __future__ import annotations

import json

from conftest import run_cli
from national_fixture import national_document
from perfdesk.domain.rules import check_document, starter_indicators
from perfdesk.domain.rulesets import RULE_SETS, rule_set
from perfdesk.domain.taxonomy import taxonomy
from test_rules import document, good_project


def _without_cost():
    project = good_project()
    project.indicators = [i for i in project.indicators if i.level2 != "成本指标"]
    return document(project)


def test_a_table_without_cost_is_an_error_under_hebei_only():
    doc = _without_cost()
    doc.rule_set = "hebei"
    hebei = [f for f in check_document(doc) if f.rule == "R-OUTPUT-LEVEL2-MISSING"]
    assert len(hebei) == 1 and "成本指标" in hebei[0].message and hebei[0].is_error
    doc.rule_set = "national"
    assert check_document(doc) == []
    doc.rule_set = "mof2021"  # the 101号 rule set on the classic taxonomy: 成本 where the taxonomy has it
    assert any("成本指标" in f.message for f in check_document(doc))


def test_every_finding_names_its_rule_set(seed_doc):
    for key, rules in RULE_SETS.items():
        seed_doc.rule_set = key
        findings = check_document(seed_doc)
        assert findings and {f.rule_set for f in findings} == {rules.name}


def test_hebei_and_national_differ_only_in_the_cost_requirement_on_the_seed(seed_doc):
    seed_doc.rule_set = "hebei"
    counts = {}
    for f in check_document(seed_doc):
        counts[f.rule] = counts.get(f.rule, 0) + 1
    seed_doc.rule_set = "national"
    national = {}
    for f in check_document(seed_doc):
        national[f.rule] = national.get(f.rule, 0) + 1
    # the only difference: Hebei requires a 成本指标 row under 产出, 全国通用 does not
    assert {k: v for k, v in counts.items() if k != "R-OUTPUT-LEVEL2-MISSING"} == \
        {k: v for k, v in national.items() if k != "R-OUTPUT-LEVEL2-MISSING"}
    assert counts.get("R-OUTPUT-LEVEL2-MISSING", 0) >= national.get("R-OUTPUT-LEVEL2-MISSING", 0)


def test_the_mid_set_is_checked_once_it_has_indicators():
    doc = national_document()
    project = doc.departments[0].projects[0]
    assert not [f for f in check_document(doc) if f.rule.endswith("MISSING")]
    project.indicators = [i for i in project.indicators if not (i.phase == "mid" and i.level1 == "满意度指标")]
    missing = [f for f in check_document(doc) if f.rule == "R-SATISFACTION-MISSING"]
    assert len(missing) == 1 and "中期指标" in missing[0].message


def test_a_new_project_starts_with_the_rows_its_rule_set_requires():
    classic = taxonomy("classic")
    hebei = {i.level2 for i in starter_indicators(classic, rule_set("hebei"))}
    national = {i.level2 for i in starter_indicators(classic, rule_set("national"))}
    assert "成本指标" in hebei and "成本指标" not in national
    assert {"数量指标", "质量指标", "时效指标"} <= national
    mof = [i.level1 for i in starter_indicators(taxonomy("mof2021"), rule_set("mof2021"))]
    assert "成本指标" in mof


def test_cli_new_convert_show_and_check_name_form_and_rule_set(tmp_path):
    path = tmp_path / "新.perfdesk"
    made = run_cli("new", path, "--form", "全国申报表（中期+年度）")
    assert made.returncode == 0, made.stderr
    assert "全国申报表（中期+年度）" in made.stdout and "全国通用" in made.stdout  # the form's preset rule set
    shown = run_cli("show", path)
    assert "表式：全国申报表（中期+年度）" in shown.stdout and "审核规则：全国通用" in shown.stdout
    converted = run_cli("convert", path, "--form", "hebei", "--rules", "河北")
    assert converted.returncode == 0 and "表式：河北公开文本" in converted.stdout and "审核规则：河北" in converted.stdout
    checked = run_cli("check", path, "--json")
    assert json.loads(checked.stdout)["rule_set"] == {"key": "hebei", "name": "河北"}
    assert "审核规则：河北" in run_cli("check", path).stdout
    bad = run_cli("convert", path, "--form", "上海")
    assert bad.returncode == 1 and "未知的表式「上海」" in bad.stderr and "national" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_convert_refuses_a_taxonomy_the_indicators_do_not_fit(tmp_path, doc):
    before = doc.read_bytes()
    result = run_cli("convert", doc, "--taxonomy", "mof2021")
    assert result.returncode == 1 and "指标体系未改变" in result.stderr
    assert doc.read_bytes() == before


def test_a_form_switch_and_back_keeps_every_field(tmp_path):
    """convert to Hebei and back: the 中期 part, hidden meanwhile, is still all there."""
    from perfdesk.storage import DocumentFile

    document = national_document()
    path = tmp_path / "n.perfdesk"
    DocumentFile.create(path, document).close()
    assert run_cli("convert", path, "--form", "hebei").returncode == 0
    with DocumentFile.open(path) as doc:
        assert doc.read().form == "hebei"
    assert run_cli("convert", path, "--form", "national").returncode == 0
    with DocumentFile.open(path) as doc:
        back = doc.read()
    assert back.departments == document.departments and back.form == "national"



def test_a_name_shared_by_the_mid_and_year_sets_is_no_duplicate():
    """Regression: every 三级 the 中期 and 年度 halves shared was flagged 三级指标名称重复."""
    doc = national_document()
    assert not [f for f in check_document(doc) if f.rule == "R-NAME-DUPLICATE"]
    project = doc.departments[0].projects[0]
    project.indicators[8].name = "渠道改造长度"  # a second one in the 年度 set
    assert [f.indicator for f in check_document(doc) if f.rule == "R-NAME-DUPLICATE"] == [7, 8]
