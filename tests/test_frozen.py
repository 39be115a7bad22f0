"""The Windows build's spec, built here on Linux (the same spec; PyInstaller cannot cross-compile):
the frozen program must pass its own self-test offscreen."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def test_selftest_from_source():
    result = run_cli("--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("selftest ok perfdesk") and "(source," in result.stdout
    assert "xlsx" in result.stdout and "pdf(" in result.stdout and "window(" in result.stdout


def test_spec_builds_and_the_frozen_program_passes_its_selftest(tmp_path):
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    if not pyinstaller.exists():
        pytest.fail("PyInstaller is part of the test extras; scripts/test.sh installs it")
    build = subprocess.run(
        [str(pyinstaller), "--noconfirm", "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
         str(ROOT / "build_installer.spec")], capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "perfdesk"
    assert (bundle / "perfdesk").exists() and (bundle / "perfdesk-cli").exists()
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (internal / "resources" / "fonts" / "wqy-microhei.LICENSE.txt").is_file()
    assert (internal / "perfdesk" / "storage" / "migrations" / "versions" / "0002_preparer.py").is_file()
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    assert "qtbase_zh_CN.qm" in translations and not any("_de.qm" in t or "_ja.qm" in t for t in translations)
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("QtNetwork*"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(bundle / "perfdesk-cli"), "--selftest"], capture_output=True, text=True, env=env,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("selftest ok perfdesk") and "(frozen," in result.stdout
    version = subprocess.run([str(bundle / "perfdesk-cli"), "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.strip() == "perfdesk 0.1.0"
