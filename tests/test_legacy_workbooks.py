"""Old workbooks: BIFF .xls (made from perfdesk's own fixtures by LibreOffice: `soffice --convert-to
'xls:MS Excel 97'`) and SpreadsheetML 2003 XML as vendor systems export it under an .xls name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FIXTURES, run_cli
from national_fixture import national_document
from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook


def test_a_biff_xls_of_the_national_form_reads_field_by_field(tmp_path):
    report: list[str] = []
    document = read_workbook(FIXTURES / "national_2025.xls", report=report)
    expected = national_document()
    assert document.form == "national"
    d, e = document.departments[0], expected.departments[0]
    assert (d.code, d.name, d.year, d.supervisor_code, d.supervisor_name, d.preparer, d.phone) == \
        (e.code, e.name, e.year, e.supervisor_code, e.supervisor_name, e.preparer, e.phone)
    project, wanted = d.projects[0], e.projects[0]
    for field in ("code", "name", "budget", "fiscal", "other", "mid_total", "mid_fiscal", "mid_other", "executor",
                  "attribute", "period", "goals", "mid_goals", "indicators"):
        assert getattr(project, field) == getattr(wanted, field), field
    assert any("全国申报表（中期+年度）" in line for line in report)
    # and on through perfdesk's own workbook, unchanged
    again = tmp_path / "again.xlsx"
    write_workbook(document, again)
    assert read_workbook(again).departments == document.departments


def test_a_biff_xls_flat_list_in_yuan(tmp_path):
    report: list[str] = []
    document = read_workbook(FIXTURES / "flat_yuan.xls", report=report)
    projects = document.departments[0].projects
    assert [(p.name, p.budget) for p in projects] == [("农村饮水安全维修", Decimal("123.45")), ("河道巡查", Decimal("8.6"))]
    assert [i.value for i in projects[0].indicators] == ["≥12处", "≥90%"]
    assert any("第7行没有指标" in line for line in report)
    result = run_cli("import", FIXTURES / "flat_yuan.xls", "-o", tmp_path / "x.perfdesk")
    assert result.returncode == 0 and "项目 2 个" in result.stdout


SPREADSHEETML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="宋体" ss:Size="11"/></Style>
  <Style ss:ID="s21"><Font ss:FontName="宋体" ss:Bold="1"/></Style>
  <Style ss:ID="s22"><NumberFormat ss:Format="0.00"/></Style>
 </Styles>
 <Worksheet ss:Name="绩效目标">
  <Table ss:ExpandedColumnCount="9" ss:ExpandedRowCount="7">
   <Row><Cell ss:MergeAcross="8" ss:StyleID="s21"><Data ss:Type="String">2025年度项目支出绩效目标</Data></Cell></Row>
   <Row><Cell ss:Index="8"><Data ss:Type="String">单位：万元</Data></Cell></Row>
   <Row>
    <Cell><Data ss:Type="String">预算单位</Data></Cell><Cell><Data ss:Type="String">项目名称</Data></Cell>
    <Cell><Data ss:Type="String">预算金额</Data></Cell><Cell><Data ss:Type="String">一级指标</Data></Cell>
    <Cell><Data ss:Type="String">二级指标</Data></Cell><Cell><Data ss:Type="String">*三级指标</Data></Cell>
    <Cell><Data ss:Type="String">指标性质</Data></Cell><Cell><Data ss:Type="String">指标值</Data></Cell>
    <Cell><Data ss:Type="String">度量单位</Data></Cell>
   </Row>
   <Row>
    <Cell ss:MergeDown="1"><Data ss:Type="String">某县文化广电和旅游局</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">送戏下乡</Data></Cell>
    <Cell ss:MergeDown="1" ss:StyleID="s22"><Data ss:Type="Number">36.5</Data></Cell>
    <Cell><Data ss:Type="String">产出指标</Data></Cell><Cell><Data ss:Type="String">数量指标</Data></Cell>
    <Cell><Data ss:Type="String">演出场次</Data></Cell><Cell><Data ss:Type="String">≥</Data></Cell>
    <Cell><Data ss:Type="Number">120</Data></Cell><Cell><Data ss:Type="String">场</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">满意度指标</Data></Cell><Cell><Data ss:Type="String">服务对象满意度指标</Data></Cell>
    <Cell><Data ss:Type="String">群众满意度</Data></Cell><Cell><Data ss:Type="String">≥</Data></Cell>
    <Cell><Data ss:Type="Number">90</Data></Cell><Cell><Data ss:Type="String">%</Data></Cell>
   </Row>
   <Row ss:Index="7">
    <Cell><Data ss:Type="String">某县文化广电和旅游局</Data></Cell><Cell><Data ss:Type="String">文物保护</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="Number">12</Data></Cell>
    <Cell><Data ss:Type="String">效益指标</Data></Cell><Cell><Data ss:Type="String">社会效益指标</Data></Cell>
    <Cell><Data ss:Type="String">文物安全</Data></Cell><Cell><Data ss:Type="String">定性</Data></Cell>
    <Cell><Data ss:Type="String">无重大安全事故</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def test_spreadsheetml_2003_saved_as_xls(tmp_path):
    path = tmp_path / "导出.xls"
    path.write_text(SPREADSHEETML, encoding="utf-8")
    document = read_workbook(path)
    d = document.departments[0]
    assert d.name == "某县文化广电和旅游局"
    first, second = d.projects
    assert (first.name, first.budget, second.name, second.budget) == ("送戏下乡", Decimal("36.50"), "文物保护",
                                                                       Decimal("12.00"))
    assert [(i.level2, i.name, i.value) for i in first.indicators] == [
        ("数量指标", "演出场次", "≥120场"), ("服务对象满意度指标", "群众满意度", "≥90%")]
    assert second.indicators[0].value == "无重大安全事故"


def test_spreadsheetml_with_entities_is_refused_not_expanded(tmp_path):
    bomb = SPREADSHEETML.replace('<?mso-application progid="Excel.Sheet"?>',
                                 '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                                 ).replace("送戏下乡", "&b;")
    path = tmp_path / "bomb.xls"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(ExchangeError, match="实体或文档类型声明"):
        read_workbook(path)
    result = run_cli("import", path, "-o", tmp_path / "b.perfdesk")
    assert result.returncode == 1 and not (tmp_path / "b.perfdesk").exists() and "Traceback" not in result.stderr


def test_broken_and_password_protected_xls(tmp_path):
    broken = tmp_path / "broken.xls"
    broken.write_bytes((FIXTURES / "flat_yuan.xls").read_bytes()[:3000])
    with pytest.raises(ExchangeError, match="已损坏，或设置了打开密码"):
        read_workbook(broken)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ExchangeError, match="设置了打开密码的工作簿"):
        read_workbook(locked)


def test_broken_spreadsheetml_names_its_line(tmp_path):
    path = tmp_path / "坏.xls"
    path.write_text(SPREADSHEETML.replace("</Row>", "</Rw>", 1), encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"XML 工作簿已损坏（第\d+行）") as info:
        read_workbook(path)
    assert "坏.xls" in str(info.value)


def test_a_biff_xls_of_the_hebei_system_forms(tmp_path):
    """The Hebei system's 部门整体绩效目标表（申报） and 项目申报表（绩效部分） in one BIFF .xls (made by LibreOffice from
    the fixtures of tests/test_department_table.py and tests/test_hebei_application.py): merges carried over, the
    department sheet first, so the project's table (which names no unit) joins its unit."""
    document = read_workbook(FIXTURES / "hebei_system_2025.xls")
    assert document.form == "hebei-application"
    [d] = document.departments
    assert (d.code, d.functions, d.whole.funds_total) == ("210001", "负责全县政法综治工作的统筹协调。", Decimal(2530000))
    assert [i.name for i in d.whole.indicators] == ["政法干警培训人次", "案件办理数", "群众安全感满意度"]
    assert [i.level2 for i in d.whole.indicators[:2]] == ["数量指标", "数量指标"]  # the 二级 merged over both
    [project] = d.projects
    assert [(i.phase, i.name, i.goal_name) for i in project.indicators] == [
        ("mid", "养护里程", "目标1：道路养护"), ("mid", "群众出行条件", "目标1：道路养护"),
        ("year", "养护里程", "目标1：道路养护"), ("year", "沿线群众满意度", "目标1：道路养护")]
    out = tmp_path / "导出.xlsx"
    write_workbook(document, out)
    assert read_workbook(out) == document
