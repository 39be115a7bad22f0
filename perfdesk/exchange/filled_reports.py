"""A filled 自评表 or 监控表 (exported by perfdesk, filled in Excel or WPS) read and matched to the document it reports on —
one function for the command line and the window, so both refuse and take exactly the same."""

from __future__ import annotations

from pathlib import Path

from ..domain.forms import form
from ..domain.layout import TARGETS, FormLayout
from ..domain.model import Document
from ..domain.reported import Reported, ReportMismatchError, take_reported
from ..domain.rulesets import rule_set
from .xlsx_reader import read_workbook


def read_filled_report(path: str | Path, current: Document) -> tuple[FormLayout, Reported]:
    """(the report's form, what it brings to ``current``). Raises ExchangeError (the workbook cannot be read,
    naming sheet/row/column) or ReportMismatchError (it is not a filled report of this document)."""
    used: list[str] = []
    filled = read_workbook(path, forms_used=used, as_printed=True)
    reports = [form(k) for k in used if form(k).moment != TARGETS]
    if len(used) != 1 or not reports:
        names = "、".join(form(k).name for k in used) or "没有可识别的表"
        raise ReportMismatchError(f"这不是填好的自评表或监控表（识别为：{names}）。绩效目标表请导入为新文档"
                                  "（perfdesk import … -o，或「导入Excel」）。")
    return reports[0], take_reported(current, filled, reports[0], rule_set(current.rule_set))
