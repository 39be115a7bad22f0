"""The ``perfdesk`` command: the window by default, headless sub-commands for import, export and more."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}


def _zh(text: str) -> str:
    return _ARGPARSE_ZH.get(text, text)


argparse._ = _zh  # argparse looks its messages up through this module global (gettext)

COMMANDS = ("new", "convert", "next-year", "attach-previous", "library", "import", "export", "show", "demo", "example", "template", "check")


class CliError(Exception):
    """An error for the user: printed to stderr in Chinese, exit code 1."""


_WINDOW_USAGE = """打开窗口：
  perfdesk                    打开上次的文档（第一次为内置示例）
  perfdesk DOC.perfdesk       打开这个文档
  perfdesk --example          打开内置示例文档
其他：
  perfdesk --selftest         检查安装是否完整（用于 Windows 安装版）
  perfdesk --version          显示版本
"""
_GUI_OPTIONS = ("--example",)


def _month(text: str) -> int:
    """--month: 1–12 (a word or a 13 is refused by argparse with this message, in Chinese)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f"监控月份应为 1–12 之间的整数，不是「{text}」")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfdesk", description="预算绩效目标表编辑器", epilog=_WINDOW_USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="命令")

    from .domain.forms import FORMS, TARGET_FORMS
    from .domain.rulesets import RULE_SETS
    from .domain.taxonomy import TAXONOMIES

    def listed(table, name=lambda x: x.name) -> str:
        return "、".join(f"{item.key}（{name(item)}）" for item in table.values())

    forms = f"表式：{listed(TARGET_FORMS)}，也可写中文名称"
    all_forms = f"表式：{listed(FORMS)}，也可写中文名称；自评、监控：本文档所属省份的自评表、监控表"
    rules = f"审核规则：{listed(RULE_SETS)}；默认按表式选择"
    taxonomies = f"指标体系：{listed(TAXONOMIES, lambda t: t.title)}；默认按审核规则选择"
    p = sub.add_parser("new", help="新建空白文档，选择表式、指标体系和审核规则")
    p.add_argument("output", metavar="文档.perfdesk")
    p.add_argument("--form", required=True, help=forms)
    p.add_argument("--rules", help=rules)
    p.add_argument("--taxonomy", help=taxonomies)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文档")

    p = sub.add_parser("convert", help="改变文档的表式（或审核规则、指标体系）；表式不显示的内容保留在文档中")
    p.add_argument("document", metavar="文档.perfdesk")
    p.add_argument("--form", help=forms)
    p.add_argument("--rules", help=rules)
    p.add_argument("--taxonomy", help=taxonomies)

    p = sub.add_parser("next-year", help="由本年度文档新建下一年度文档：指标值作为上年值保留，支出计划和实际完成值清空")
    p.add_argument("document", metavar="文档.perfdesk")
    p.add_argument("-o", "--output", metavar="新文档.perfdesk", required=True)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文档")

    p = sub.add_parser("attach-previous", help="把上年的文档（.perfdesk、公开文本或 Excel）对应到本文档，带入各指标的上年值")
    p.add_argument("document", metavar="文档.perfdesk")
    p.add_argument("earlier", metavar="上年文档")
    p.add_argument("--accept-similar", action="store_true", help="也采用按名称相似对应的项目（默认只列出，不采用）")

    p = sub.add_parser("library", help="指标库：search 查找指标（名称的任意部分或拼音首字母，如 pxrc → 培训人次）；"
                                       "import 导入主管部门的指标库工作簿；export 导出本机指标库")
    p.add_argument("action", choices=["search", "import", "export"], metavar="search|import|export")
    p.add_argument("text", metavar="查找内容|工作簿.xlsx")
    p.add_argument("--force", action="store_true", help="export：覆盖已存在的文件")

    p = sub.add_parser("import", help="从公开文本或 Excel 工作簿导入，创建新文档；或把填好的自评表、监控表带回原文档")
    p.add_argument("source", metavar="源文件.txt|.xlsx|.xls")
    p.add_argument("-o", "--output", metavar="文档.perfdesk", help="创建的新文档")
    p.add_argument("--into", metavar="文档.perfdesk",
                   help="把填好的自评表或监控表（由 export --form 自评|监控 导出）的实际完成值、分值、偏差原因等写回这个文档；"
                        "得分、执行率由 perfdesk 重新计算")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文档")

    p = sub.add_parser("export", help="导出文档")
    p.add_argument("document", metavar="文档.perfdesk")
    p.add_argument("--text", metavar="输出.txt", help="写出公开文本格式")
    p.add_argument("--xlsx", metavar="输出.xlsx", help="写出 Excel 工作簿（官方表式、汇总、指标清单）")
    p.add_argument("--pdf", metavar="输出.pdf", help="写出 PDF（默认为公开文档格式）")
    p.add_argument("--signature", action="store_true", help="PDF 为签字版：每个项目单独成页，附签字栏")
    p.add_argument("--form", help="按另一种表式导出（如 自评：年终自评表，含计算的得分；监控：执行监控表）。" + all_forms)
    p.add_argument("--month", type=_month, metavar="M", help="监控表的截至月份（1–12）：--form 监控 --month 7 为 1-7月的监控表")
    p.add_argument("--public", action="store_true", help="公开版：涉密内容按规定不予公开")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件（perfdesk 文档除外）")

    p = sub.add_parser("check", help="审核：按财政部门的规则检查文档，有错误时退出码为 1")
    p.add_argument("document", metavar="文档.perfdesk")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（含规则编号、严重程度、位置和说明）")
    p.add_argument("--integrity", action="store_true", help="只检查文件完整性（打开时只做快速检查），有问题时退出码为 1")

    p = sub.add_parser("template", help="写出空白 Excel 模板，供同事填写后导入")
    p.add_argument("output", metavar="输出.xlsx")
    p.add_argument("--form", default="hebei", help=forms + "；默认 hebei")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件（perfdesk 文档除外）")

    p = sub.add_parser("show", help="显示文档概要")
    p.add_argument("document", metavar="文档.perfdesk")

    p = sub.add_parser("demo", help="生成用于性能测试的大型示例文档")
    p.add_argument("output", metavar="输出.perfdesk")
    p.add_argument("--departments", type=int, default=200, metavar="N", help="部门数（默认 200）")
    p.add_argument("--projects", type=int, default=20, metavar="N", help="每个部门的项目数（默认 20）")
    p.add_argument("--indicators", type=int, default=30, metavar="N", help="每个项目的指标数（默认 30）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文档")

    p = sub.add_parser("example", help="写出内置示例文档")
    p.add_argument("output", metavar="输出.perfdesk")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文档")
    return parser


def _create(path: str, document, force: bool) -> None:
    from .storage import DocumentFile

    from .exchange.targets import check_folder

    target = Path(path)
    if target.exists() and not force:
        raise CliError(f"「{target}」已存在；如要覆盖，请加 --force。")
    check_folder(target, "创建")
    DocumentFile.create(target, document, overwrite=force).close()


def read_source(source: str, report: list[str] | None = None):
    from .exchange.sources import read_source as read

    return read(source, report)


def cmd_import(args) -> str:
    if bool(args.output) == bool(args.into):
        raise CliError("请用 -o 新文档.perfdesk 导入为新文档，或用 --into 文档.perfdesk 把填好的自评表写回（二者选一）。")
    if args.into:
        return _import_into(args)
    report: list[str] = []
    document = read_source(args.source, report)  # fails whole before anything is written
    _create(args.output, document, args.force)
    return "\n".join([f"已导入「{args.source}」→「{args.output}」：部门 {len(document.departments)} 个，"
                      f"项目 {sum(1 for _ in document.projects())} 个，指标 {document.indicator_count()} 条"
                      f"{document.wholes_said()}。",
                      *(f"  {line}" for line in report)])


def _import_into(args) -> str:
    """A filled 自评表 back onto the document it was exported from: one transaction, all or nothing."""
    from .domain.reported import ReportMismatchError
    from .exchange.filled_reports import read_filled_report
    from .storage import DocumentFile
    from .storage import repository as repo

    with DocumentFile.open(args.into) as doc:
        if doc.readonly:
            raise CliError(f"「{args.into}」只能以只读方式打开（{doc.readonly_reason}），未修改。")
        try:
            layout, reported = read_filled_report(args.source, doc.read())
        except ReportMismatchError as exc:
            raise CliError(f"「{args.source}」：{exc}未导入。") from None
        with doc.transaction() as conn:
            repo.apply_field_changes(conn, reported.projects, reported.indicators)
    head = (f"已从「{args.source}」（{layout.name}）写回「{args.into}」：项目 {len(reported.projects)} 个、"
            f"指标 {reported.indicator_count} 条有新值；得分、总分由 perfdesk 按评分规则重新计算。")
    if reported.empty:
        head = f"「{args.source}」（{layout.name}）与「{args.into}」中的值相同，没有需要写回的内容。"
    return "\n".join([head, *(f"  {line}" for line in reported.taken + reported.not_taken)])


def _check_targets(targets: list[str], force: bool) -> None:
    """Every output checked before any work starts: nothing is written if one of them may not be."""
    from .exchange.targets import TargetExistsError, check_target

    seen = set()
    for target in targets:
        key = Path(target).resolve()
        if key in seen:
            raise CliError(f"「{target}」被指定了两次，请为每种导出给出不同的文件名。")
        seen.add(key)
        try:
            check_target(target, overwrite=force)
        except TargetExistsError as exc:
            raise CliError(f"{exc}如要覆盖，请加 --force。") from None


@contextmanager
def _writing(target: str):
    """OS write errors named by the file the clerk chose, in Chinese."""
    from .os_errors import write_failure

    try:
        yield
    except OSError as exc:
        raise CliError(write_failure(target, exc)) from None


def cmd_export(args) -> str:
    from .storage import DocumentFile

    targets = [t for t in (args.text, args.xlsx, args.pdf) if t]
    if not targets:
        raise CliError("请用 --text、--xlsx 或 --pdf 指定要写出的文件。")
    if args.signature and not args.pdf:
        raise CliError("--signature 只用于 PDF，请同时给出 --pdf。")
    _check_targets(targets, args.force)
    with DocumentFile.open(args.document, readonly=True) as doc:
        # the exports read a copy of the file, one project at a time (a window editing the document meanwhile
        # goes on saving), and the text export all of it
        snapshot = doc.snapshot()
    try:
        with snapshot.streamed() as (document, full):
            return _write_exports(args, document, full, snapshot)
    finally:
        snapshot.discard()


def _write_exports(args, document, full, snapshot) -> str:
    layout = None
    if args.form:
        from .domain.forms import MonthMissingError, UnknownFormError, report_form_by_name

        try:
            layout = report_form_by_name(args.form, document.rule_set, args.month)
        except MonthMissingError as exc:
            raise CliError(f"{exc.form_name}按月份填报：请用 --month 指定监控截至的月份（1–12），如 --month 7 为 1-7月的监控表。") from None
        except UnknownFormError as exc:
            raise CliError(str(exc)) from None
    if args.month is not None and (layout is None or layout.month is None):
        raise CliError("--month 只用于执行监控表（--form 监控）。")
        if args.text and layout.key != document.form:
            raise CliError("公开文本只按文档自己的表式写出；其他表式请导出 Excel 或 PDF。")
    done = []
    kind = "公开版" if args.public else ""
    shown = f"（{layout.name}）" if layout is not None else ""
    if args.text:
        from .exchange.text_writer import write_text

        with snapshot.reading() as conn, _writing(args.text):
            from .storage import reads

            write_text(reads.read_document(conn), args.text, public=args.public)  # (the text is made whole)
        done.append(f"已导出{kind}文本「{args.text}」。")
    if args.xlsx:
        from .exchange.xlsx_writer import write_workbook

        with _writing(args.xlsx):
            write_workbook(document, args.xlsx, public=args.public, layout=layout, full=full)
        done.append(f"已导出{kind} Excel 工作簿{shown}「{args.xlsx}」。")
    if args.pdf:
        from .exchange.pdf_writer import write_pdf

        with _writing(args.pdf):
            result = write_pdf(document, args.pdf, public=args.public, signature=args.signature, layout=layout, full=full)
        done.append(f"已导出{kind}{'签字版 ' if args.signature else ''}PDF{shown}「{args.pdf}」，共 {result.pages} 页。")
        if result.missing:
            print(f"perfdesk：警告：以下字符在所有可用字体中都没有，PDF 中显示为空白：{''.join(sorted(result.missing))}",
                  file=sys.stderr)
    return "\n".join(done)


def cmd_check(args) -> tuple[str, int]:
    import json

    from .storage import DocumentFile

    with DocumentFile.open(args.document, readonly=True) as doc:
        if args.integrity:
            problems = doc.integrity_problems()
            if problems:
                from .storage.errors import integrity_summary

                return (f"「{args.document}」完整性检查发现{integrity_summary(problems)}。"
                        "请使用备份文件，或联系技术支持。"), 1
            return f"「{args.document}」完整性检查通过。", 0
        checker = doc.check()  # one project's indicators at a time
    from .domain.rulesets import rule_set

    document, findings = checker.document, checker.findings()
    rules = rule_set(document.rule_set)
    errors = sum(f.is_error for f in findings)
    code = 1 if errors else 0
    if args.json:
        return json.dumps({"rule_set": {"key": rules.key, "name": rules.name}, "errors": errors,
                           "hints": len(findings) - errors, "findings": [f.as_dict() for f in findings]},
                          ensure_ascii=False, indent=1), code
    lines = [f"审核「{args.document}」（审核规则：{rules.name}）：错误 {errors} 个，提示 {len(findings) - errors} 个。"]
    by_place: dict[tuple[int, int | None], list] = {}
    for f in findings:  # one pass: grouping must stay linear in the number of findings
        by_place.setdefault((f.department, f.project), []).append(f)
    for dn, d in enumerate(document.departments):
        own = by_place.get((dn, None), [])
        if own:
            lines.append(f"\n单位 {d.code} {d.name}")
            lines += [f"  [{f.severity}] {f.rule}  {f.message}" for f in own]
        groups = [(pn, p, by_place.get((dn, pn), [])) for pn, p in enumerate(d.projects)]
        for pn, p, group in groups:
            if group:
                lines.append(f"\n{pn + 1}.{p.name}（{p.code}）")
                for f in sorted(group, key=lambda f: (not f.is_error, f.indicator or -1)):
                    lines.append(f"  [{f.severity}] {f.rule}  {f.message}")
    return "\n".join(lines), code


def cmd_template(args) -> str:
    from .exchange.xlsx_writer import write_template

    from .domain.forms import form_by_name

    layout = form_by_name(args.form)
    _check_targets([args.output], args.force)
    with _writing(args.output):
        write_template(args.output, layout)
    return f"已写出空白模板「{args.output}」。"


def _choices(form_text: str | None, rules_text: str | None, taxonomy_text: str | None, current=None):
    """(form, rule set, taxonomy) chosen on the command line; what is not given stays as it is (``current``)
    or, for a new document, follows the form's preset. Raises CliError for an unknown name."""
    from .domain.forms import UnknownFormError, form_by_name, target_form_by_name
    from .domain.rulesets import UnknownRuleSetError, rule_set, rule_set_by_name
    from .domain.taxonomy import TAXONOMIES

    try:
        layout = target_form_by_name(form_text) if form_text else form_by_name(current.form)
        if rules_text:
            rules = rule_set_by_name(rules_text)
        else:
            rules = rule_set(current.rule_set if current is not None else layout.preset_rule_set)
    except (UnknownFormError, UnknownRuleSetError) as exc:
        raise CliError(str(exc)) from None
    if taxonomy_text:
        tax = next((t for t in TAXONOMIES.values() if taxonomy_text.strip() in (t.key, t.title)), None)
        if tax is None:
            raise CliError(f"未知的指标体系「{taxonomy_text}」。可选：{'、'.join(f'{t.key}（{t.title}）' for t in TAXONOMIES.values())}。")
    else:
        tax = TAXONOMIES[current.taxonomy if current is not None else rules.default_taxonomy]
    return layout, rules, tax


def _settings_line(document) -> str:
    from .domain.forms import form
    from .domain.rulesets import rule_set
    from .domain.taxonomy import taxonomy

    return (f"表式：{form(document.form).name}；指标体系：{taxonomy(document.taxonomy).title}；"
            f"审核规则：{rule_set(document.rule_set).name}")


def cmd_new(args) -> str:
    from .domain.model import Document

    layout, rules, tax = _choices(args.form, args.rules, args.taxonomy)
    document = Document(taxonomy=tax.key, form=layout.key, rule_set=rules.key)
    _create(args.output, document, args.force)
    return f"已新建「{args.output}」。{_settings_line(document)}"


def cmd_convert(args) -> str:
    """Change the form (and rule set or taxonomy) in one transaction. The content is not touched: what the
    new form does not show stays in the file and comes back when switched back."""
    from .domain.taxonomy import TAXONOMIES
    from .storage import DocumentFile
    from .storage import repository as repo

    if not (args.form or args.rules or args.taxonomy):
        raise CliError("请用 --form、--rules 或 --taxonomy 指定要改成什么。")
    with DocumentFile.open(args.document) as doc:
        if doc.readonly:
            raise CliError(f"「{args.document}」只能以只读方式打开（{doc.readonly_reason}），未修改。")
        before = doc.read()
        layout, rules, tax = _choices(args.form, args.rules, args.taxonomy, before)
        if tax.key != before.taxonomy:
            wrong = next(((p, i) for p in before.projects() for i in p.indicators
                          if i.level2 and tax.normalise_level2(tax.normalise_level1(i.level1) or "", i.level2) is None),
                         None)
            if wrong is not None:
                p, i = wrong
                raise CliError(f"项目「{p.name}」的指标「{i.name or i.level2}」（{i.level1}—{i.level2}）在"
                               f"「{tax.title}」中没有对应的位置，指标体系未改变。请先调整这些指标。")
        with doc.transaction() as conn:
            repo.set_form_settings(conn, layout.key, tax.key, rules.key)
        after = doc.read()
    return f"已修改「{args.document}」。{_settings_line(after)}"


def cmd_next_year(args) -> str:
    from .domain.next_year import next_year
    from .storage import DocumentFile

    with DocumentFile.open(args.document, readonly=True) as doc:
        document = next_year(doc.read())
    _create(args.output, document, args.force)
    years = sorted({d.year for d in document.departments if d.year is not None})
    year = f"{'、'.join(map(str, years))}年度" if years else "下一年度（原文档未写预算年度，请在部门页填写）"
    return (f"已由「{args.document}」新建{year}文档「{args.output}」：项目 {sum(1 for _ in document.projects())} 个，"
            f"指标 {document.indicator_count()} 条；各指标的本年指标值已作为上年值保留，资金支出计划和实际完成值已清空。")


def _read_any(source: str):
    """A document from a .perfdesk file, published text or a workbook."""
    from .storage import DocumentFile

    if Path(source).suffix.lower() == ".perfdesk":
        with DocumentFile.open(source, readonly=True) as doc:
            return doc.read()
    return read_source(source)


def cmd_attach_previous(args) -> str:
    """上年值 from an earlier year's document: projects paired by 项目编码 (applied) or by name (listed, and
    applied only with --accept-similar), indicators within a pair by their names; one transaction."""
    from .domain.matching import pair_projects, pair_wholes, previous_values
    from .storage import DocumentFile
    from .storage import repository as repo

    earlier_document = _read_any(args.earlier)
    earlier = list(earlier_document.projects())
    lines, wholes, applied = [], [], 0
    with DocumentFile.open(args.document) as doc:
        if doc.readonly:
            raise CliError(f"「{args.document}」只能以只读方式打开（{doc.readonly_reason}），未修改。")
        document = doc.read()
        current = list(document.projects())
        with doc.transaction() as conn:
            for unit, then in pair_wholes(document, earlier_document):  # the same unit: certain
                for index, fields in previous_values(unit.whole, then).items():
                    repo.update_indicator(conn, unit.whole.indicators[index].id, **fields)
                    applied += 1
                wholes.append(f"  采用：「{unit.name}」的部门整体绩效目标表（同一单位）")
            for pair in pair_projects(current, earlier):
                now, then = current[pair.current], earlier[pair.earlier]
                take = pair.certain or args.accept_similar
                lines.append(f"  {'采用' if take else '待确认'}：「{now.name}」←「{then.name}」（{pair.why}）")
                if not take:
                    continue
                for index, fields in previous_values(now, then).items():
                    repo.update_indicator(conn, now.indicators[index].id, **fields)
                    applied += 1
    unpaired = len(current) - len(lines)
    head = f"已带入上年值：{applied} 条指标。" + (f"另有 {unpaired} 个项目在上年文档中没有对应。" if unpaired else "")
    if any("待确认" in line for line in lines):
        head += "按名称相似对应的项目未采用；确认无误后加 --accept-similar 再运行。"
    return "\n".join([head, *wholes, *lines])


def cmd_library(args) -> str:
    """The 指标库 file of this user (library/location): searched with the built-in entries, a bureau's workbook
    taken in (all or nothing), or everything it holds written out in the exchange form."""
    from .library.location import library_path
    from .storage.errors import DocumentError
    from .storage.library_file import LibraryFile

    try:
        with LibraryFile.open(library_path()) as library:
            return _library_action(args, library)
    except DocumentError as exc:
        raise CliError(str(exc)) from None


def _library_action(args, library) -> str:
    if args.action == "import":
        from .exchange.library_sheets import read_library_workbook

        report: list[str] = []
        entries = read_library_workbook(args.text, report)  # fails whole before anything is written
        added, updated = library.take_in(entries)
        return "\n".join([f"已导入「{args.text}」的指标 {len(entries)} 条到指标库「{library.path}」：新增 {added} 条，"
                          f"更新 {updated} 条。", *(f"  {line}" for line in report)])
    if args.action == "export":
        from .exchange.library_sheets import write_library_workbook

        _check_targets([args.text], args.force)
        entries = library.entries()
        with _writing(args.text):
            write_library_workbook(entries, args.text)
        return f"已导出指标库（我的指标和导入的指标）{len(entries)} 条到「{args.text}」。"
    from .library.suggest import suggestions

    found = [entry for _, entry, _ in suggestions(args.text, library.entries())]
    if not found:
        return f"指标库中没有与「{args.text}」相符的指标。"
    lines = [f"指标库中与「{args.text}」相符的指标 {len(found)} 条："]
    for e in found:
        value = e.typical_value or f"{e.operator}（待填）{e.unit}"
        lines.append(f"  {e.name}　{e.level1}—{e.level2}　{value}　［{e.project_class or '—'}，{e.source}］")
    return "\n".join(lines)


def cmd_show(args) -> str:
    from .domain.amounts import format_amount
    from .domain.taxonomy import taxonomy
    from .storage import DocumentFile

    with DocumentFile.open(args.document, readonly=True) as doc:
        document = doc.read()
    projects = list(document.projects())
    lines = [
        f"文档：{args.document}",
        _settings_line(document),
        f"部门 {len(document.departments)} 个，项目 {len(projects)} 个，指标 {document.indicator_count()} 条，"
        f"预算合计 {format_amount(document.budget_total())} 万元{document.wholes_said()}",
    ]
    def total(d, attr: str) -> str:
        values = (getattr(p, attr) for p in d.projects if getattr(p, attr) is not None)
        return format_amount(sum(values, start=Decimal("0.00")))

    for d in document.departments:
        secret = sum(p.secret for p in d.projects)
        lines.append(
            f"  {d.code} {d.name}{f'（{d.year}年度）' if d.year else ''}：项目 {len(d.projects)} 个"
            f"{f'（涉密 {secret} 个）' if secret else ''}，指标 {sum(len(p.indicators) for p in d.projects)} 条，"
            f"预算 {total(d, 'budget')} 万元（财政资金 {total(d, 'fiscal')}，其他资金 {total(d, 'other')}）")
        lines += _monitoring_lines(d)
        lines += _self_evaluation_lines(d, document.rule_set)
    return "\n".join(lines)


def _monitoring_lines(department) -> list[str]:
    """Each project's 执行监控 rounds: 执行率 and the lights of its indicators (computed, FORMS.md §4)."""
    from collections import Counter

    from .domain import monitoring as m

    out = []
    for p in department.projects:
        months = sorted(set(p.rounds) | {month for i in p.indicators for month in i.rounds})
        for month in months:
            rate = m.execution_rate(p, month)
            money = f"执行率 {rate}%（{m.project_light(p, month)}灯）" if rate is not None else "执行数未填"
            lights = Counter(m.round_light(i, month) for i in p.indicators)
            filled = sum(1 for i in p.indicators if month in i.rounds and i.rounds[month].done.strip())
            counted = "、".join(f"{light}灯 {lights[light]} 条" for light in m.LIGHT_COLOURS if lights[light])
            out.append(f"    监控「{p.name}」1-{month}月：{money}；指标已填完成值 {filled}/{len(p.indicators)} 条"
                       + (f"（{counted}）" if counted else ""))
    return out


def _self_evaluation_lines(department, rule_set_key: str) -> list[str]:
    """Each project's 自评 总分 and 结论, computed (never typed), once its 实际完成值 are entered."""
    from .domain.rulesets import rule_set
    from .domain.scoring import project_scores

    rules = rule_set(rule_set_key)
    out = []
    for p in department.projects:
        if not any(i.actual or i.score is not None for i in p.indicators):
            continue
        result = project_scores(p, rules)
        missing = sum(1 for score in result["scores"] if score is None)
        rate = f"执行率 {result['rate']:.2%}，" if result["rate"] is not None else "执行率未填，"
        out.append(f"    自评「{p.name}」：{rate}总分 {result['total']}（{result['conclusion']}）"
                   + (f"，另有 {missing} 条指标的得分待填" if missing else ""))
    return out


def cmd_demo(args) -> str:
    from .demo import demo_document

    for name in ("departments", "projects", "indicators"):
        if getattr(args, name) < 0:
            raise CliError(f"--{name} 不能为负数。")
    document = demo_document(args.departments, args.projects, args.indicators)
    _create(args.output, document, args.force)
    return f"已生成「{args.output}」：{args.departments} 个部门 × {args.projects} 个项目 × {args.indicators} 条指标。"


def cmd_example(args) -> str:
    from .example import example_document

    _create(args.output, example_document(), args.force)
    return f"已写出内置示例文档「{args.output}」。"


def _not_a_document(argv: list[str]) -> str | None:
    """Why the window's command line is a mistake (a mistyped command or option), or None.

    A word that is neither a command, nor an existing file, nor a .perfdesk path is a typo of a command —
    opening it as a document would only say 找不到文件 in a window."""
    import difflib

    for arg in argv:
        if arg.startswith("--") and arg not in _GUI_OPTIONS:
            return f"无法识别的选项「{arg}」。"
        if arg.startswith("-"):
            continue  # Qt's own options (-style, -platform …)
        path = Path(arg)
        if path.exists() or path.suffix.lower() == ".perfdesk" or len(path.parts) > 1:
            continue
        close = difflib.get_close_matches(arg, COMMANDS, n=1)
        hint = f"是不是「{close[0]}」？" if close else ""
        return (f"未知的命令「{arg}」。{hint}可用的命令：{'、'.join(COMMANDS)}；"
                "要打开文档，请给出 .perfdesk 文件的路径。")
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--selftest"]:
        from .selftest import run

        return run()
    if argv[:1] == ["--version"]:
        from . import __version__

        print(f"perfdesk {__version__}")
        return 0
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        unknown = _not_a_document(argv)
        if unknown:
            print(f"用法：perfdesk [命令] …（perfdesk --help 查看全部）\nperfdesk：错误：{unknown}", file=sys.stderr)
            return 2
        from .ui.app import run_gui

        return run_gui(argv)
    args = _parser().parse_args(argv)
    from .exchange.errors import ExchangeError
    from .exchange.targets import TargetError
    from .storage import DocumentError

    handler = {"new": cmd_new, "convert": cmd_convert, "next-year": cmd_next_year, "attach-previous": cmd_attach_previous, "library": cmd_library, "import": cmd_import, "export": cmd_export, "show": cmd_show, "demo": cmd_demo,
               "example": cmd_example, "template": cmd_template, "check": cmd_check}[args.command]
    try:
        output = handler(args)
        if isinstance(output, tuple):
            print(output[0])
            return output[1]
        print(output)
    except (CliError, ExchangeError, DocumentError, TargetError) as exc:
        print(f"perfdesk：错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        from .os_errors import write_failure

        print(f"perfdesk：错误：{write_failure(exc.filename or '?', exc, '读写')}", file=sys.stderr)
        return 1
    return 0
