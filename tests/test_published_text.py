"""Published text: the seed reads in and writes back line for line, in every encoding it travels in."""

import codecs
from decimal import Decimal

import pytest

from conftest import comparable_lines
from perfdesk.domain.model import REDACTED_TEXT, Department, Document, GoalItem, Indicator, Project
from perfdesk.example import example_document
from perfdesk.exchange.text_reader import decode, read_text, read_text_file
from perfdesk.exchange.text_writer import document_text, write_text


def test_seed_counts(seed_doc):
    assert len(seed_doc.departments) == 1
    projects = list(seed_doc.projects())
    assert len(projects) == 9
    assert seed_doc.indicator_count() == 81
    assert str(seed_doc.budget_total()) == "253.00"
    d = seed_doc.departments[0]
    assert (d.code, d.name) == ("210001", "中国共产党昌黎县委员会政法委员会本级")
    assert [p.name for p in projects][:3] == ["综治工作经费", "政法干警人身意外伤害保险", "扫黑除恶专项斗争经费"]
    assert projects[0].code == "1303222158GWYR2IGDLIP" and projects[5].budget == Decimal("120.00")
    assert str(projects[0].other) == "0" and str(projects[0].budget) == "30.00"
    assert projects[0].plan == [None, Decimal("50.00"), Decimal("75.00"), Decimal("100.00")]
    assert projects[0].goals[1] == "协调政法部门和乡镇，组织、指导各部门开展好政法综治维稳各项工作。"
    assert len(d.items) == 9 and len(d.measures) == 7 and seed_doc.taxonomy == "classic"


def test_seed_classified_parts_are_recognised(seed_doc):
    d = seed_doc.departments[0]
    assert d.overall_secret and d.overall_goal == ""
    assert [i.title for i in d.items if i.secret] == ["扫黑除恶专项斗争", "教育转化及关爱之家建设"]
    assert not d.items_secret and not d.measures_secret
    assert [p.name for p in d.projects if p.secret] == ["扫黑除恶专项斗争经费", "教育转化及关爱之家建设经费"]
    secret = d.projects[2]
    assert len(secret.indicators) == 9 and all(not ind.has_content() for ind in secret.indicators)
    assert secret.indicators[0].level2 == "数量指标"
    assert d.items[0].goal.startswith("以当年实际发生数量为准") and d.items[0].indicator == "按照每人1万元发放标准完成奖金发放。"


def test_seed_round_trips_line_for_line(seed_text, seed_doc):
    assert comparable_lines(document_text(seed_doc)) == comparable_lines(seed_text)
    # The seed is a public document: its public rendering is the same text.
    assert comparable_lines(document_text(seed_doc, public=True)) == comparable_lines(seed_text)


@pytest.mark.parametrize("variant", ["crlf", "bom", "gbk", "bom+crlf", "trailing-spaces", "cr"])
def test_seed_variants_round_trip(seed_text, variant):
    text = seed_text
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr":
        text = text.replace("\n", "\r")
    if variant == "trailing-spaces":
        text = "\n".join(line + "  " if i % 3 else "\u3000" + line for i, line in enumerate(text.split("\n")))
    data = text.encode("gbk") if variant == "gbk" else text.encode("utf-8")
    if "bom" in variant:
        data = codecs.BOM_UTF8 + data
    document = read_text(decode(data))
    assert comparable_lines(document_text(document)) == comparable_lines(seed_text)


def test_ascii_operators_are_accepted_and_kept(seed_text):
    text = seed_text.replace("≥", ">=").replace("≤", "<=")
    document = read_text(text)
    values = [ind.value for p in document.projects() for ind in p.indicators]
    assert ">=95%" in values and "<=10万元" in values and not any("≥" in v for v in values)


def test_example_round_trips_to_the_same_document():
    document = example_document()
    assert read_text(document_text(document)) == document


def test_public_version_redacts_and_reads_back_as_classified():
    document = example_document()
    public = document_text(document, public=True)
    secret = document.departments[0].projects[3]
    assert secret.secret and secret.indicators[0].name not in public
    assert "【涉密】" not in public and "内容涉密，按照规定不予公开。" in public
    back = read_text(public)
    assert back.departments[0].projects[3].secret and back.departments[0].items[3].secret
    assert not back.departments[0].projects[3].indicators[0].has_content()


def test_internal_version_marks_classified_content():
    text = document_text(example_document())
    assert "4.应急指挥通信保障经费绩效目标表【涉密】" in text
    assert "（四）应急指挥通信保障【涉密】" in text
    assert "维护通信节点数" in text


def _typed_document() -> Document:
    """What a clerk might type in the editor: several 三级 under one 二级, blanks, classified sections."""
    return Document(taxonomy="classic", departments=[
        Department(code="100001", name="某县某局", year=None, overall_goal="第一段。\n第二段。", overall_secret=True,
                   items=[GoalItem("甲", "目标一\n目标续", "", False), GoalItem("乙", "", "", True)],
                   items_secret=False, measures=["措施一。", "措施二。"], measures_secret=True,
                   projects=[
                       Project(code="A1", name="项目甲", budget=Decimal("1,234.5".replace(",", "")), fiscal=None,
                               other=Decimal("0.00"), fund_use="用途\n第二行", plan=[None, None, Decimal("60"), Decimal("100")],
                               goals=["一", "二\n续行"],
                               indicators=[Indicator("产出指标", "数量指标", "a", "da", "≥1个", "依据"),
                                           Indicator("产出指标", "数量指标", "b", "", "", ""),
                                           Indicator("产出指标", "数量指标", "c", "dc", ">=3%", "依据"),
                                           Indicator("满意度指标", "服务对象满意度指标", "s", "", "≥90%", "")]),
                   ]),
        Department(code="100002", name="某县某中心", year=2027, projects=[]),
    ])


def test_typed_document_round_trips():
    document = _typed_document()
    text = document_text(document)
    assert read_text(text) == document
    # several 三级 under one 二级: the merged 二级 cell is an empty cell on the following rows
    rows = text.split("\n\n")
    assert "\t\n\t\n\tb\n" in "\n\n".join(rows)


def test_mof2021_taxonomy_is_detected():
    document = Document(taxonomy="mof2021", departments=[Department(code="1", name="单位", projects=[
        Project(name="甲", indicators=[Indicator("产出指标", "数量指标", "x", "", "1个", ""),
                                      Indicator("成本指标", "经济成本指标", "y", "", "≤1万元", "")])])])
    back = read_text(document_text(document))
    assert back == document and back.taxonomy == "mof2021"


def test_level_name_drift_is_normalised_on_import(seed_text):
    text = seed_text.replace("\t生态效益指标", "\t环境效益").replace("\t数量指标", "\t数量")
    document = read_text(text)
    levels = {ind.level2 for p in document.projects() for ind in p.indicators}
    assert "生态效益指标" in levels and "数量指标" in levels and "环境效益" not in levels


def test_write_text_is_atomic_and_encodes(tmp_path, seed_doc):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_text(seed_doc, target, encoding="gbk")
    assert read_text_file(target) == seed_doc
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left behind


def test_redacted_item_text_constant_is_the_published_wording(seed_text):
    assert REDACTED_TEXT in seed_text
