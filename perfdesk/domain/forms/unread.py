"""Official forms perfdesk knows of but does not read (FORMS.md §3), each told by labels only it carries.

A clerk who imports one is told what it is, why perfdesk does not take it and what to do instead — rather than
that it looks like some other form and lacks most of that form's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import label_key


@dataclass(frozen=True)
class UnreadForm:
    name: str
    signature: tuple[str, ...]  # labels that, all found in a sheet, tell the form
    why: str  # what perfdesk does not keep of it
    instead: str  # what the clerk can do
    # the rest of a workbook is read without it (noted in the report), where it holds nothing of a project's
    skippable: bool = False

    def found_in(self, texts: set[str]) -> bool:
        """Whether every signature label is among ``texts`` (cell texts folded by label_key); a label may carry
        a suffix there (长期绩效目标表（2024—2026年）)."""
        return all(any(text.startswith(label_key(label)) for text in texts) for label in self.signature)

    def message(self) -> str:
        return f"这是「{self.name}」，perfdesk 暂不能导入这种表：{self.why}。{self.instead}"


UNREAD_FORMS = (
    UnreadForm(
        "河北项目申报表（绩效部分）", ("长期绩效目标表", "年度绩效目标表", "目标名称"),
        why="它的长期和年度指标是上下两张表，每条指标还注明服务于哪个「目标名称」，perfdesk 还不能保存这种结构",
        instead="可以导出「全国申报表（中期+年度，含绩效标准）」的空白模板（文件 → 导出空白模板，或 perfdesk template "
                "--form national-mid-standard 模板.xlsx），把长期绩效目标表的指标填入中期一侧、年度绩效目标表的指标填入"
                "年度一侧、指标值确定依据填入绩效标准，再导入该模板"),
    UnreadForm(
        "河北部门整体绩效目标表（申报）", ("部门总体资金情况", "部门职能概述"),
        why="它是部门整体的资金情况和指标，perfdesk 目前只保存部门整体绩效目标的文字（第一部分），没有部门整体的指标",
        instead="请在部门页填写部门整体绩效目标的文字；各项目的绩效目标表可以照常导入", skippable=True),
)


def unread_form_in(texts: set[str]) -> UnreadForm | None:
    """The form of UNREAD_FORMS whose labels a sheet's texts (folded by label_key) carry, if any."""
    return next((f for f in UNREAD_FORMS if f.found_in(texts)), None)
