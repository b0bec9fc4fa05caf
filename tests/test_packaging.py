"""The wheel a user installs holds everything `handouts` needs, and works from any folder.

Builds the wheel once (``python -m build --no-isolation`` when hatchling is
importable, else ``pip wheel``), looks inside it, installs it into a fresh
venv and runs the installed command from an unrelated folder.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _tail(result: subprocess.CompletedProcess, lines: int = 6) -> str:
    text = (result.stdout or "") + (result.stderr or "")
    return " | ".join(text.strip().splitlines()[-lines:])


def _clean_env() -> dict:
    """The environment, minus anything that would let the repository shadow the install."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    if importlib.util.find_spec("hatchling") and importlib.util.find_spec("build"):
        how = "python -m build --wheel --no-isolation"
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)]
    else:
        how = "pip wheel . --no-deps"
        command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=out, env=_clean_env())
    wheels = sorted(out.glob("handouts-*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        pytest.skip(f"cannot build the wheel here with '{how}' (exit {result.returncode}): {_tail(result)}")
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_holds_the_content(names):
    assert "handouts/content/back-spasms/en.yaml" in names
    for path in sorted((REPO / "content").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"handouts/content/{path.relative_to(REPO / 'content').as_posix()}" in names, path


def test_wheel_holds_the_examples(names):
    for name in ("brand.yaml", "logo.png", "first-visit.yaml", "brief-large-print.yaml", "patient-example.yaml"):
        assert f"handouts/content/examples/riverside/{name}" in names


def test_wheel_holds_every_font_and_its_licence(names):
    from handouts.fonts import FAMILIES

    shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith("handouts/fonts/")}
    assert any(n.endswith(".ttf") for n in shipped)
    for path in (REPO / "fonts").iterdir():
        if path.is_file() and not path.name.startswith("."):
            assert path.name in shipped, path.name
    for family, faces in FAMILIES.items():
        for filename in faces.values():
            assert filename in shipped, f"{family}: {filename}"
    assert "AtkinsonHyperlegible-OFL.txt" in shipped
    assert "DejaVuSans-LICENSE.txt" in shipped


def test_wheel_holds_locales_and_the_default_brand(names):
    assert "handouts/default-brand.yaml" in names
    assert "handouts/locales/en.yaml" in names
    for path in (REPO / "handouts" / "locales").glob("*.yaml"):
        assert f"handouts/locales/{path.name}" in names


def test_wheel_declares_the_command(wheel, names):
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode("utf-8")
    assert "handouts = handouts.cli:main" in text


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv (reusing the installed dependencies) with the wheel in it; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    env = _clean_env()
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                          capture_output=True, text=True, env=env)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv here: {_tail(made)}")
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
        capture_output=True, text=True, env=env)
    assert install.returncode == 0, _tail(install, 20)
    where = subprocess.run([str(python), "-c", "import handouts; print(handouts.__file__)"],
                           capture_output=True, text=True, env=env, cwd=venv)
    assert where.returncode == 0, _tail(where)
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve()), (
        f"the venv imports handouts from {where.stdout.strip()}, not from the installed wheel")
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An unrelated folder to run the installed command in."""
    folder = tmp_path / "somewhere-else"
    folder.mkdir()
    return folder


def _handouts(bin_dir: Path, folder: Path, *args: str) -> subprocess.CompletedProcess:
    exe = bin_dir / ("handouts.exe" if os.name == "nt" else "handouts")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=folder, env=_clean_env())


def test_installed_list(installed, elsewhere):
    result = _handouts(installed, elsewhere, "list")
    assert result.returncode == 0, _tail(result)
    assert any(line.split()[:3] == ["back-spasms", "en", "1.0.0"] for line in result.stdout.splitlines())


def test_installed_show(installed, elsewhere):
    result = _handouts(installed, elsewhere, "show", "back-spasms")
    assert result.returncode == 0, _tail(result)
    assert "warning-signs  [warnings]" in result.stdout


def test_installed_check(installed, elsewhere):
    result = _handouts(installed, elsewhere, "check")
    assert result.returncode == 0, _tail(result, 20)
    assert "content/back-spasms/en.yaml: topic 'back-spasms'" in result.stdout
    assert "content/examples/riverside/brand.yaml: brand" in result.stdout
    assert "0 error(s)" in result.stderr


def test_installed_build(installed, elsewhere):
    result = _handouts(installed, elsewhere, "build", "back-spasms", "-o", "x.pdf")
    assert result.returncode == 0, _tail(result, 20)
    assert result.stderr.strip() == "Wrote x.pdf"
    pdf = elsewhere / "x.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.pdf"]


def test_installed_build_with_the_shipped_example_brand(installed, elsewhere):
    # the examples ship inside the package: find them through the installed package, not the repository
    python = installed / ("python.exe" if os.name == "nt" else "python")
    where = subprocess.run([str(python), "-c", "import handouts, pathlib; "
                            "print(pathlib.Path(handouts.__file__).parent / 'content' / 'examples' / 'riverside')"],
                           capture_output=True, text=True, cwd=elsewhere, env=_clean_env())
    examples = Path(where.stdout.strip())
    assert (examples / "brand.yaml").is_file()
    result = _handouts(installed, elsewhere, "build", str(examples / "first-visit.yaml"), "-o", "first.pdf")
    assert result.returncode == 0, _tail(result, 20)
    assert (elsewhere / "first.pdf").is_file()
