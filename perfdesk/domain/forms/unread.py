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
        "河北部门整体绩效目标表（申报）", ("部门总体资金情况", "部门职能概述"),
        why="它是部门整体的资金情况和指标，perfdesk 目前只保存部门整体绩效目标的文字（第一部分），没有部门整体的指标",
        instead="请在部门页填写部门整体绩效目标的文字；各项目的绩效目标表可以照常导入", skippable=True),
)


def unread_form_in(texts: set[str]) -> UnreadForm | None:
    """The form of UNREAD_FORMS whose labels a sheet's texts (folded by label_key) carry, if any."""
    return next((f for f in UNREAD_FORMS if f.found_in(texts)), None)
