"""The ``perfdesk`` command, run as a real child process."""

import codecs

from conftest import comparable_lines, run_cli
from perfdesk.storage import DocumentFile


def test_import_export_reproduces_the_seed(tmp_path, seed_path, seed_text):
    doc = tmp_path / "seed.perfdesk"
    result = run_cli("import", seed_path, "-o", doc)
    assert result.returncode == 0, result.stderr
    assert "项目 9 个" in result.stdout and "指标 81 条" in result.stdout
    out = tmp_path / "out.txt"
    result = run_cli("export", doc, "--text", out)
    assert result.returncode == 0, result.stderr
    assert comparable_lines(out.read_text(encoding="utf-8")) == comparable_lines(seed_text)


def test_import_of_crlf_bom_gbk_copies(tmp_path, seed_text):
    variants = {
        "crlf.txt": seed_text.replace("\n", "\r\n").encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + seed_text.encode("utf-8"),
        "gbk.txt": seed_text.replace("\n", "\r\n").encode("gbk"),
    }
    for name, data in variants.items():
        src = tmp_path / name
        src.write_bytes(data)
        doc = tmp_path / f"{name}.perfdesk"
        assert run_cli("import", src, "-o", doc).returncode == 0
        out = tmp_path / f"{name}.out.txt"
        assert run_cli("export", doc, "--text", out).returncode == 0
        assert comparable_lines(out.read_text(encoding="utf-8")) == comparable_lines(seed_text), name


def test_show_summarises(tmp_path, seed_path):
    doc = tmp_path / "seed.perfdesk"
    run_cli("import", seed_path, "-o", doc)
    result = run_cli("show", doc)
    assert result.returncode == 0
    assert "部门 1 个，项目 9 个，指标 81 条，预算合计 253.00 万元" in result.stdout
    assert "210001 中国共产党昌黎县委员会政法委员会本级" in result.stdout and "涉密 2 个" in result.stdout


def test_import_refuses_to_overwrite_without_force(tmp_path, seed_path):
    doc = tmp_path / "seed.perfdesk"
    doc.write_bytes(b"precious")
    result = run_cli("import", seed_path, "-o", doc)
    assert result.returncode == 1 and "已存在" in result.stderr and "--force" in result.stderr
    assert doc.read_bytes() == b"precious"
    assert run_cli("import", seed_path, "-o", doc, "--force").returncode == 0
    with DocumentFile.open(doc) as d:
        assert d.read().indicator_count() == 81


def test_malformed_import_creates_nothing(tmp_path, seed_text):
    src = tmp_path / "broken.txt"
    src.write_text(seed_text.replace("\t≥2000人\n", "", 1), encoding="utf-8")
    doc = tmp_path / "broken.perfdesk"
    result = run_cli("import", src, "-o", doc)
    assert result.returncode == 1
    assert "broken.txt" in result.stderr
    assert "第224行：指标行应有6个单元格" in result.stderr
    assert not doc.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt"]


def test_export_public_redacts(tmp_path):
    doc = tmp_path / "ex.perfdesk"
    assert run_cli("example", doc).returncode == 0
    full, public = tmp_path / "full.txt", tmp_path / "public.txt"
    assert run_cli("export", doc, "--text", full).returncode == 0
    assert run_cli("export", doc, "--text", public, "--public").returncode == 0
    assert "维护通信节点数" in full.read_text(encoding="utf-8")
    assert "维护通信节点数" not in public.read_text(encoding="utf-8")
    assert "内容涉密，按照规定不予公开。" in public.read_text(encoding="utf-8")


def test_demo_builds_the_requested_size(tmp_path):
    doc = tmp_path / "demo.perfdesk"
    result = run_cli("demo", doc, "--departments", "3", "--projects", "4", "--indicators", "5")
    assert result.returncode == 0, result.stderr
    with DocumentFile.open(doc) as d:
        document = d.read()
    assert len(document.departments) == 3 and len(list(document.projects())) == 12 and document.indicator_count() == 60


def test_errors_are_chinese_and_nonzero(tmp_path):
    result = run_cli("show", tmp_path / "missing.perfdesk")
    assert result.returncode == 1 and "找不到文件" in result.stderr
    result = run_cli("import")
    assert result.returncode == 2 and "缺少参数" in result.stderr and "用法" in result.stderr
    not_doc = tmp_path / "x.perfdesk"
    not_doc.write_text("hello", encoding="utf-8")
    result = run_cli("export", not_doc, "--text", tmp_path / "o.txt")
    assert result.returncode == 1 and "不是 perfdesk 文档" in result.stderr
    assert not (tmp_path / "o.txt").exists()
    result = run_cli("demo", tmp_path / "d.perfdesk", "--projects", "-1")
    assert result.returncode == 1 and "不能为负数" in result.stderr


def test_help_is_chinese():
    result = run_cli("--help")
    assert result.returncode == 0 and "预算绩效目标表编辑器" in result.stdout and "显示本帮助并退出" in result.stdout


def test_unknown_command_is_a_usage_error_not_a_document(tmp_path):
    """Regression: `perfdesk expoort x` opened a window saying 找不到文件「expoort」."""
    result = run_cli("expoort", "x", cwd=tmp_path)
    assert result.returncode == 2 and "未知的命令「expoort」" in result.stderr and "export" in result.stderr
    result = run_cli("--frobnicate", cwd=tmp_path)
    assert result.returncode == 2 and "无法识别的选项「--frobnicate」" in result.stderr


def test_help_lists_the_window_usage():
    result = run_cli("--help")
    assert result.returncode == 0
    for word in ("DOC.perfdesk", "--example", "--selftest", "import", "export", "check"):
        assert word in result.stdout, word
