"""A plain wheel install works like a checkout: the bundled font is package data, so a PDF can be exported.

Regression: `pip install .` (a wheel, not -e) could not export a PDF — resources/fonts was not in the
package (Can't open file …/site-packages/resources/fonts/wqy-microhei.ttc)."""

import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {p for p in find_packages(str(ROOT)) if p.startswith("perfdesk")}
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


def test_wheel_installed_into_a_fresh_venv_exports_the_seed_pdf(tmp_path, seed_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("perfdesk-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    # the dependencies come from the test environment (a .pth adds its site-packages after the venv's own,
    # without running its editable-install hooks), perfdesk itself only from the wheel
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    out = tmp_path / "seed.pdf"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONPATH", None)
    doc = tmp_path / "seed.perfdesk"
    for args in (["import", str(seed_path), "-o", str(doc)], ["export", str(doc), "--pdf", str(out)]):
        run = subprocess.run([str(python), "-m", "perfdesk", *args], capture_output=True, text=True, cwd=tmp_path,
                             env=env, timeout=300)
        assert run.returncode == 0, run.stderr
    where = subprocess.run([str(python), "-c", "import perfdesk, perfdesk.resources as r; print(perfdesk.__file__);"
                            "print(r.resource_path('fonts', 'wqy-microhei.ttc'))"],
                           capture_output=True, text=True, cwd=tmp_path, env=env).stdout.split()
    assert where[0].startswith(purelib) and Path(where[1]).is_file() and "_resources" in where[1]
    assert out.read_bytes().startswith(b"%PDF") and b"FontFile2" in out.read_bytes()  # an embedded TrueType font
