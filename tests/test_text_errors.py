"""Malformed published text: an error naming the line and what was expected, and no document."""

import pytest

from perfdesk.exchange.errors import ExchangeError
from perfdesk.exchange.text_reader import decode, read_text, read_text_file


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    count = 0
    for no, line in enumerate(text.split("\n"), 1):
        if needle in line:
            count += 1
            if count == occurrence:
                return no
    raise AssertionError(needle)


def _error(text: str) -> ExchangeError:
    with pytest.raises(ExchangeError) as info:
        read_text(text)
    return info.value


def test_table_cut_off_in_the_middle(seed_text):
    cut = seed_text[: seed_text.index("\t资金支出计划（%）", seed_text.index("9.政法网光纤租赁费"))]
    err = _error(cut)
    assert err.line is not None and err.line >= _line_of(cut, "\t其他资金", 9)
    assert "表格在此中断" in err.message and "资金支出计划（%）" in err.message


def test_table_cut_after_header(seed_text):
    end = seed_text.index("\t产出指标", seed_text.index("9.政法网光纤租赁费"))
    err = _error(seed_text[:end])
    assert "没有指标行" in err.message


def test_row_with_a_missing_cell(seed_text):
    broken = seed_text.replace("\t≥2000人\n", "", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t产出指标", 2)
    assert "应有6个单元格" in err.message and "实际有5个" in err.message


def test_row_with_an_extra_cell(seed_text):
    broken = seed_text.replace("\t预算数\n\t30.00\n", "\t预算数\n\t30.00\n\t多余\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t预算规模及资金用途")
    assert "应有7个单元格" in err.message


def test_wrong_label(seed_text):
    broken = seed_text.replace("\t项目编码\n", "\t项目代码\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t项目代码") and "应为「项目编码」" in err.message


def test_letters_in_an_amount(seed_text):
    broken = seed_text.replace("\t23.00\n", "\t23.00万\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t23.00万") and "预算数" in err.message


def test_bad_plan_percentage(seed_text):
    broken = seed_text.replace("\t75.00%\n", "\t七成\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t七成") and "资金支出计划10月底" in err.message


def test_unknown_level1(seed_text):
    broken = seed_text.replace("\t效益指标\n", "\t影响指标\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t影响指标") and "不是已知的一级指标" in err.message


def test_unknown_level2(seed_text):
    broken = seed_text.replace("\t时效指标\n", "\t速度指标\n", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "\t速度指标") and "不是一级指标「产出指标」下已知的二级指标" in err.message


def test_first_indicator_without_level1(seed_text):
    broken = seed_text.replace("\t产出指标\n\t数量指标\n\t以县人口", "\t\n\t数量指标\n\t以县人口", 1)
    err = _error(broken)
    assert "第一条指标缺少一级指标" in err.message and err.line == _line_of(broken, "\t以县人口") - 2


def test_title_and_name_disagree(seed_text):
    broken = seed_text.replace("1.综治工作经费绩效目标表", "1.综治经费绩效目标表", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "1.综治经费绩效目标表") and "不一致" in err.message


def test_wrong_table_number(seed_text):
    broken = seed_text.replace("3.扫黑除恶专项斗争经费绩效目标表", "5.扫黑除恶专项斗争经费绩效目标表", 1)
    assert "序号应为3" in _error(broken).message


def test_rows_without_a_title(seed_text):
    broken = seed_text.replace("2.政法干警人身意外伤害保险绩效目标表\n", "", 1)
    err = _error(broken)
    assert "缺少项目表题" in err.message


def test_item_paragraph_without_prefix(seed_text):
    broken = seed_text.replace("绩效目标：我县辖区内铁路沿线安全。", "我县辖区内铁路沿线安全。", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "我县辖区内铁路沿线安全。") and "绩效目标：" in err.message


def test_unit_changes_between_tables(seed_text):
    broken = seed_text.replace("\t210001中国共产党昌黎县委员会政法委员会本级\n", "\t210002别的单位\n", 1)
    broken = broken.replace("\t210002别的单位\n", "\t210001中国共产党昌黎县委员会政法委员会本级\n", 1)
    assert read_text(broken)  # unchanged text still reads
    second = seed_text.split("\t210001中国共产党昌黎县委员会政法委员会本级\n")
    mixed = second[0] + "\t210001中国共产党昌黎县委员会政法委员会本级\n" + second[1] + "\t210002别的单位\n" + \
        "\t210001中国共产党昌黎县委员会政法委员会本级\n".join(second[2:])
    err = _error(mixed)
    assert "单位「210002别的单位」" in err.message


def test_stray_text_in_part2(seed_text):
    broken = seed_text.replace("5.铁路护路联防经费绩效目标表", "附注：以下为铁路\n\n5.铁路护路联防经费绩效目标表", 1)
    err = _error(broken)
    assert err.line == _line_of(broken, "附注") and "项目表题" in err.message


def test_empty_file():
    assert "空的" in _error("\n \n").message


def test_undecodable_bytes():
    with pytest.raises(ExchangeError, match="编码"):
        decode("第一部分".encode("utf-8")[:3] + b"\x80\x80abc")


def test_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "没有.txt"
    with pytest.raises(ExchangeError) as info:
        read_text_file(missing)
    assert "没有.txt" in str(info.value) and "找不到文件" in str(info.value)
    bad = tmp_path / "坏.txt"
    bad.write_text("第二部分\n预算项目绩效目标\n1.甲绩效目标表\n\t一\n", encoding="utf-8")  # Part 2 alone is fine
    with pytest.raises(ExchangeError) as info:
        read_text_file(bad)
    assert str(info.value).startswith(f"文件「{bad}」第4行：")


def test_text_ending_inside_a_cell_is_refused(seed_text):
    """Regression: a text cut in the middle of the last table's last cell imported without a word."""
    cut = seed_text[: seed_text.rindex("《河北") + 3]
    err = _error(cut)
    assert err.line == cut.count("\n") + 1 and "单元格「" in err.message and "中间结束" in err.message
    assert read_text(cut + "\n")  # the same text ended by a line break is a (shorter) whole table


def test_text_cut_after_the_goals_row_is_refused(seed_text):
    last = seed_text.index("9.政法网光纤租赁费")
    cut = seed_text[: seed_text.index("\t一级指标", last)]
    err = _error(cut)
    assert "表格在此中断" in err.message and "一级指标" in err.message


@pytest.mark.parametrize("where", ["first line", "document title", "table title", "cell", "item heading"])
def test_megabyte_lines_are_read_in_linear_time(seed_text, where):
    """Regression: a first line of 30,000 digits took 62 s (a backtracking title regex). A quadratic
    pattern needs hours on these 1 MB lines; the alarm only turns such a hang into a failure."""
    import signal

    big = "1" * 1_000_000
    text = {
        "first line": big + "\n" + seed_text,
        "document title": big + "预算绩效目标\n" + seed_text,
        "table title": big + "绩效目标表\n" + seed_text,
        "cell": seed_text.replace("\t56万人\n", "\t" + big + "万人\n", 1),
        "item heading": seed_text.replace("一、总体绩效目标", "（" + "一" * 500_000, 1),
    }[where]
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail(f"{where}: not linear"))
    signal.alarm(60)
    try:
        try:
            document = read_text(text)
        except ExchangeError as exc:
            assert len(str(exc)) < 2000  # the message quotes the line briefly, not a megabyte of it
        else:
            from perfdesk.domain.rules import check_document

            check_document(document)  # the 审核 patterns run over the same text
    finally:
        signal.alarm(0)


def test_utf16_with_an_odd_byte_count_is_reported_as_incomplete(seed_text):
    import codecs

    from perfdesk.exchange.text_reader import decode

    data = codecs.BOM_UTF16_LE + seed_text.encode("utf-16-le")[:-1]
    with pytest.raises(ExchangeError) as info:
        decode(data)
    assert "UTF-16" in info.value.message and "不完整" in info.value.message and info.value.line > 1000


def test_utf8_mark_followed_by_gbk_is_reported_not_guessed(seed_text):
    import codecs

    from perfdesk.exchange.text_reader import decode

    with pytest.raises(ExchangeError) as info:
        decode(codecs.BOM_UTF8 + seed_text.encode("gbk"))
    assert "UTF-8" in info.value.message and "GBK" in info.value.message and info.value.line == 1


def test_file_cut_inside_a_character_is_reported_as_cut_with_its_line(seed_text):
    from perfdesk.exchange.text_reader import decode

    data = seed_text.encode("utf-8")
    cut = next(n for n in range(5000, 5010) if data[n] & 0xC0 == 0x80)  # inside a multi-byte character
    with pytest.raises(ExchangeError) as info:
        decode(data[:cut])
    assert "中间结束" in info.value.message and info.value.line == data[:cut].count(b"\n") + 1


def test_control_characters_from_word_are_cleaned_on_import_and_never_break_the_export(tmp_path, seed_text):
    """Regression: NUL, \\x07 and \\x0b (what Word leaves in cells) imported, then crashed the xlsx export."""
    from perfdesk.exchange.xlsx_reader import read_workbook
    from perfdesk.exchange.xlsx_writer import write_workbook

    dirty = seed_text.replace("\t56万人\n", "\t56万\x07人\x00\n", 1).replace("\t以全县户籍人口为基数", "\t以全县\x0b户籍人口为基数", 1)
    document = read_text(dirty)
    first = document.departments[0].projects[0].indicators[0]
    assert first.value == "56万人" and "\x0b" not in first.description
    first.basis = "依据\x00\x1f文件"  # the Python API path: the export itself never crashes
    write_workbook(document, tmp_path / "x.xlsx")
    again = read_workbook(tmp_path / "x.xlsx")
    assert again.departments[0].projects[0].indicators[0].basis == "依据文件"
