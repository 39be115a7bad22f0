"""A document typed in the national 申报表 (FORMS.md §2): written for these tests, not a real document."""

from __future__ import annotations

from decimal import Decimal

from perfdesk.domain.model import Department, Document, Indicator, Project


def national_project() -> Project:
    """中期 and 年度 indicators, several 三级 under one 二级 on both halves, halves of different lengths."""
    mid, year = "mid", "year"
    return Project(
        code="130322250000000000101", name="高标准农田灌溉渠系改造", budget=Decimal("120.00"),
        fiscal=Decimal("100.00"), other=Decimal("20.00"), executor="某县农田水利服务中心", attribute="延续",
        period="2025-2027", mid_total=Decimal("360.00"), mid_fiscal=Decimal("300.00"), mid_other=Decimal("60.00"),
        goals=["完成渠道改造10公里，新建泵站2座", "灌溉保证率达到75%"],
        mid_goals=["三年改造渠道30公里", "项目区灌溉保证率提高到80%以上"],
        indicators=[
            Indicator("产出指标", "数量指标", "渠道改造长度", value="≥30公里", phase=mid),
            Indicator("产出指标", "数量指标", "新建泵站数量", value="≥6座", phase=mid),
            Indicator("产出指标", "数量指标", "配套建筑物", value="≥120座", phase=mid),
            Indicator("产出指标", "质量指标", "工程验收合格率", value="＝100%", phase=mid),
            Indicator("产出指标", "时效指标", "工程完工时间", value="2027年10月底前", phase=mid),
            Indicator("效益指标", "经济效益指标", "亩均增产", value="≥50公斤", phase=mid),
            Indicator("满意度指标", "服务对象满意度指标", "受益农户满意度", value="≥90%", phase=mid),
            Indicator("产出指标", "数量指标", "渠道改造长度", value="≥10公里"),
            Indicator("产出指标", "数量指标", "新建泵站数量", value="≥2座"),
            Indicator("产出指标", "质量指标", "工程验收合格率", value="＝100%"),
            Indicator("产出指标", "质量指标", "渠道渗漏率", value="≤5%"),
            Indicator("产出指标", "时效指标", "年度任务完成时间", value="2025年11月底前"),
            Indicator("效益指标", "社会效益指标", "受益农户", value="≥2000户"),
            Indicator("满意度指标", "服务对象满意度指标", "受益农户满意度", value="≥90%"),
        ])


def national_document(form: str = "national") -> Document:
    """The document as typed in ``form``: in a one-year variant there is no 中期 part to type."""
    from perfdesk.domain.forms import form as form_of

    project = national_project()
    if any(column.field == "basis" for column in form_of(form).indicator_columns):  # a 绩效标准 column to fill
        for k, indicator in enumerate(project.indicators):
            indicator.basis = ("计划标准", "行业标准", "历史标准", "其他标准")[k % 4]
    if "mid" not in form_of(form).phases:
        project.indicators = [i for i in project.indicators if i.phase == "year"]
        project.mid_goals, project.mid_total, project.mid_fiscal, project.mid_other = [], None, None, None
    department = Department(code="130322", name="某县农业农村局", year=2025, supervisor_code="130322",
                            supervisor_name="某县农业农村局", preparer="王某", phone="0335-0000000",
                            projects=[project])
    return Document(form=form, rule_set="national", departments=[department])


def every_form_key() -> list[str]:
    """Every form perfdesk knows, by the key a document or a view names it: a 监控表 as its 1–7月 round."""
    from perfdesk.domain.forms import FORMS

    return [f"{key}@7" if layout.monthly else key for key, layout in FORMS.items()]
