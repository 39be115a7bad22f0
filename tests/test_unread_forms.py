"""Forms perfdesk knows of but does not read (FORMS.md §3): the Hebei 部门整体绩效目标表（申报） is said by its name,
why and what to do instead — not as another form missing most of its labels — and nothing is created; beside project
tables it is left out with a note while the tables are read."""

from __future__ import annotations

import copy

import pytest
from openpyxl import Workbook, load_workbook

from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.xlsx_reader import read_workbook
from perfdesk.exchange.xlsx_writer import write_workbook


def _hebei_department(ws) -> None:
    """部门整体绩效目标表（申报）: 部门（单位）及代码, 部门总体资金情况（元） over five amounts, 部门职能概述, 年度总体目标,
    indicators 一级 | 二级 | 三级 | 指标值 | 备注 | 指标值说明, 联系人 / 联系电话."""
    ws.append(["部门整体绩效目标表（申报）"])
    ws.append(["部门（单位）及代码", "[210001]中国共产党昌黎县委员会政法委员会本级"])
    ws.append(["部门总体资金情况（元）", "资金总额", "人员类项目", "运转类公用经费项目", "其他运转类项目", "特定目标类项目"])
    ws.append([None, 2530000, 1200000, 300000, 30000, 1000000])
    ws.merge_cells("A3:A4")
    ws.append(["部门职能概述", "负责全县政法综治工作的统筹协调。"])
    ws.append(["年度总体目标", "保障社会大局稳定，提升群众安全感。"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "备注", "指标值说明"])
    ws.append(["产出指标", "数量指标", "政法干警培训人次", "≥2000人次", None, None])
    ws.append(["联系人", "张某", "联系电话", "0335-1234567"])


def _workbook(path, *fills) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for title, fill in fills:
        fill(wb.create_sheet(title))
    wb.save(path)


def test_the_department_form_alone_is_named(tmp_path):
    path = tmp_path / "部门整体.xlsx"
    _workbook(path, ("部门整体", _hebei_department))
    with pytest.raises(ExchangeError) as info:
        read_workbook(path)
    assert "工作表「部门整体」：这是「河北部门整体绩效目标表（申报）」" in str(info.value)
    assert "没有部门整体的指标" in str(info.value)


def test_a_department_sheet_beside_project_tables_is_left_out_with_a_note(tmp_path, seed_doc):
    document = copy.deepcopy(seed_doc)
    path = tmp_path / "合集.xlsx"
    write_workbook(document, path)
    wb = load_workbook(path)
    _hebei_department(wb.create_sheet("部门整体申报", 0))
    wb.save(path)
    report: list[str] = []
    read = read_workbook(path, report=report)
    assert read.departments[0].projects == document.departments[0].projects
    assert "工作表「部门整体申报」：是「河北部门整体绩效目标表（申报）」，perfdesk 暂不能导入，未读取" in report
