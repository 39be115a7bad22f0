"""Exports never replace a perfdesk document, never overwrite without --force, and say in Chinese why not.

Regression: `perfdesk export d.perfdesk --pdf d.perfdesk` exited 0 and the document was gone.
"""

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_cli
from perfdesk.storage import DocumentFile



def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["--pdf", "--xlsx", "--text"])
def test_export_over_the_document_itself_is_refused(doc, how):
    before = digest(doc)
    for extra in ([], ["--force"]):
        result = run_cli("export", doc, how, doc, *extra)
        assert result.returncode == 1 and "是一个 perfdesk 文档" in result.stderr and "Traceback" not in result.stderr
        assert digest(doc) == before


def test_export_over_another_document_or_a_link_to_one_is_refused(tmp_path, doc, seed_doc):
    other = tmp_path / "另一个.xlsx"  # a document under any name is recognised by its content
    DocumentFile.create(other, seed_doc).close()
    before = digest(other)
    assert run_cli("export", doc, "--xlsx", other, "--force").returncode == 1
    assert run_cli("template", other, "--force").returncode == 1
    assert digest(other) == before
    soft, hard = tmp_path / "soft.pdf", tmp_path / "hard.pdf"
    soft.symlink_to(doc)
    os.link(doc, hard)
    for link in (soft, hard):
        result = run_cli("export", doc, "--pdf", link, "--force")
        assert result.returncode == 1 and "perfdesk 文档" in result.stderr
    assert soft.is_symlink() and DocumentFile.open(doc, readonly=True).read() == seed_doc


def test_an_existing_file_needs_force(tmp_path, doc):
    out = tmp_path / "out.txt"
    out.write_text("留着", encoding="utf-8")
    result = run_cli("export", doc, "--text", out)
    assert result.returncode == 1 and "已存在" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "留着"
    assert run_cli("export", doc, "--text", out, "--force").returncode == 0
    assert "绩效目标表" in out.read_text(encoding="utf-8")
    template = tmp_path / "模板.xlsx"
    assert run_cli("template", template).returncode == 0
    assert run_cli("template", template).returncode == 1
    assert run_cli("template", template, "--force").returncode == 0


def test_missing_folder_is_named_in_chinese_and_not_created(tmp_path, doc, seed_path):
    target = tmp_path / "没有这个文件夹" / "out.xlsx"
    result = run_cli("export", doc, "--xlsx", target)
    assert result.returncode == 1
    assert f"「{target}」" in result.stderr and "文件夹" in result.stderr and "不存在" in result.stderr
    result = run_cli("import", seed_path, "-o", tmp_path / "没有这个文件夹" / "new.perfdesk")
    assert result.returncode == 1 and "不存在" in result.stderr
    assert not (tmp_path / "没有这个文件夹").exists()


def test_full_disk_names_the_chosen_file_in_chinese(tmp_path, doc, monkeypatch, capsys):
    import perfdesk.exchange.atomic as atomic
    from perfdesk.cli import main

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/.out.pdf.x1y2.tmp")

    monkeypatch.setattr(atomic.os, "fsync", full)
    target = tmp_path / "out.pdf"
    assert main(["export", str(doc), "--pdf", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"「{target}」" in err and "磁盘空间不足" in err
    assert ".tmp" not in err and "No space" not in err
    assert not target.exists() and not list(tmp_path.glob(".out.pdf*"))


def test_killed_export_over_an_existing_file_leaves_old_or_new_whole(tmp_path, doc):
    """A forced export killed at any moment: the old file or the whole new one, and the document intact."""
    out = tmp_path / "out.pdf"
    out.write_bytes(b"old")
    before = digest(doc)
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.2):
        proc = subprocess.Popen([sys.executable, "-m", "perfdesk", "export", str(doc), "--pdf", str(out), "--force"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        data = out.read_bytes()
        assert data == b"old" or (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")), delay
        assert digest(doc) == before


def test_window_export_onto_a_document_is_refused(qtbot, tmp_path, doc, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from perfdesk.ui.main_window import MainWindow

    window = MainWindow(DocumentFile.open(doc), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = digest(doc)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(doc.with_suffix(".xlsx")), ""))
    doc.with_suffix(".xlsx").symlink_to(doc)
    window.export_excel(public=False)
    assert shown and "perfdesk 文档" in shown[-1]
    assert getattr(window, "task", None) is None  # no export was started
    assert digest(doc) == before
    window.session.close()
