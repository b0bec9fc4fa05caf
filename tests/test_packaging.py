"""The wheel a user installs holds everything `handouts` needs, and works from any folder.

Builds the wheel once (``python -m build --no-isolation`` when hatchling is
importable, else ``pip wheel``), looks inside it, installs it without extras
into a fresh venv and runs the installed command from an unrelated folder.

The venv sees no other package than the wheel and what the wheel's own
``Requires-Dist`` pulls in, found (offline) among the running environment's
installed distributions and linked file by file into one folder the venv
adds to its path: a runtime import the wheel does not declare fails here,
even though the test tools themselves are installed around it.
"""

from __future__ import annotations

import email.parser
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pypdf import PdfReader

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
    assert {"handouts/content/_shared/en.yaml", "handouts/content/_shared/es.yaml"} <= set(names)
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


def test_wheel_holds_the_serve_page(names):
    for path in (REPO / "handouts" / "serve" / "static").iterdir():
        assert f"handouts/serve/static/{path.name}" in names


def test_installed_serve_without_the_extra_says_how_to_install_it(installed, elsewhere):
    result = _handouts(installed, elsewhere, "serve", "--no-browser")
    assert result.returncode == 1
    assert result.stderr == ("Error: handouts serve needs the web extra; install it with: "
                             "pip install 'handouts[serve]'\n")


def test_wheel_declares_the_command(wheel, names):
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode("utf-8")
    assert "handouts = handouts.cli:main" in text


def _wheel_requirements(wheel: Path) -> list[Requirement]:
    """The wheel's own Requires-Dist, without extras: what `pip install handouts` brings."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.parser.Parser().parsestr(archive.read(metadata).decode("utf-8"))
    requirements = [Requirement(line) for line in message.get_all("Requires-Dist") or []]
    return [r for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})]


def _runtime_closure(requirements: list[Requirement]) -> dict[str, importlib.metadata.Distribution]:
    """Every installed distribution the requirements need, transitively, by canonical name."""
    found: dict[str, importlib.metadata.Distribution] = {}
    wanted: set[tuple[str, str]] = set()
    queue = list(requirements)
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        extras = {""} | set(requirement.extras)
        if {(name, extra) for extra in extras} <= wanted:
            continue
        wanted |= {(name, extra) for extra in extras}
        try:
            dist = found.get(name) or importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{requirement} is a runtime dependency but is not installed here")
        assert requirement.specifier.contains(dist.version, prereleases=True), (
            f"{requirement}: {dist.version} is installed")
        found[name] = dist
        for line in dist.requires or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in extras):
                queue.append(needed)
    return found


def _link_distributions(dists, folder: Path) -> None:
    """Mirror each distribution's installed files (its RECORD) into folder, as symlinks."""
    for dist in dists:
        if dist.files is None:
            pytest.skip(f"cannot list the installed files of {dist.metadata['Name']} (no RECORD)")
        for file in dist.files:
            if file.is_absolute() or ".." in file.parts:  # scripts and data outside site-packages
                continue
            source = Path(dist.locate_file(file))
            if source.is_file():
                target = folder / file
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    target.symlink_to(source)


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _site_packages(python: Path) -> Path:
    where = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                           capture_output=True, text=True, env=_clean_env(), check=True)
    return Path(where.stdout.strip())


@pytest.fixture(scope="module")
def runtime(wheel) -> dict[str, importlib.metadata.Distribution]:
    """The distributions a plain `pip install handouts` would bring, as installed here."""
    return _runtime_closure(_wheel_requirements(wheel))


@pytest.fixture(scope="module")
def installed(wheel, runtime, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel, seeing its runtime dependencies and nothing else; returns its bin folder."""
    root = tmp_path_factory.mktemp("installed")
    venv, deps = root / "venv", root / "runtime-deps"
    env = _clean_env()
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, env=env)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv here: {_tail(made)}")
    python = _venv_python(venv)
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, env=env)
    assert install.returncode == 0, _tail(install, 20)
    # pip and setuptools came with the venv, not with the wheel: a runtime use of them must show
    bare = subprocess.run([str(python), "-m", "pip", "uninstall", "-y", "-q", "pip", "setuptools"],
                          capture_output=True, text=True, env=env)
    assert bare.returncode == 0, _tail(bare, 20)
    deps.mkdir()
    _link_distributions(runtime.values(), deps)
    # after the venv's own site-packages, so the installed wheel is the handouts it imports
    (_site_packages(python) / "zz-runtime-deps.pth").write_text(
        f"import site; site.addsitedir({str(deps)!r})\n", encoding="utf-8")
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    where = _venv_run(bin_dir, "import handouts; print(handouts.__file__)", root)
    assert where.returncode == 0, _tail(where)
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve()), (
        f"the venv imports handouts from {where.stdout.strip()}, not from the installed wheel")
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An unrelated folder to run the installed command in."""
    folder = tmp_path / "somewhere-else"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(REPO), "the tests' temporary folder is inside the repository"
    return folder


def _handouts(bin_dir: Path, folder: Path, *args: str) -> subprocess.CompletedProcess:
    exe = bin_dir / ("handouts.exe" if os.name == "nt" else "handouts")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=folder, env=_clean_env())


def _venv_run(bin_dir: Path, code: str, folder: Path) -> subprocess.CompletedProcess:
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=folder, env=_clean_env())


def test_installed_venv_sees_only_the_runtime_dependencies(installed, runtime, elsewhere):
    listed = _venv_run(installed, "import importlib.metadata as m; "
                       "print('\\n'.join(sorted({d.metadata['Name'] for d in m.distributions()})))", elsewhere)
    assert listed.returncode == 0, _tail(listed)
    visible = {canonicalize_name(name) for name in listed.stdout.split()}
    for test_only in ("pytest", "hypothesis", "build", "hatchling", "pip"):
        assert test_only not in visible, f"{test_only} is visible to the installed command"
    assert visible == set(runtime) | {"handouts"}


def test_installed_list(installed, elsewhere):
    result = _handouts(installed, elsewhere, "list")
    assert result.returncode == 0, _tail(result)
    assert any(line.split()[:3] == ["back-spasms", "en,es", "1.1.0"] for line in result.stdout.splitlines())
    found = _handouts(installed, elsewhere, "list", "--search", "m54.5")  # codes and shared refs, installed
    assert found.returncode == 0, _tail(found)
    assert [line.split()[0] for line in found.stdout.splitlines()[1:]] == ["low-back-pain"]


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
    where = _venv_run(installed, "import handouts, pathlib; "
                      "print(pathlib.Path(handouts.__file__).parent / 'content' / 'examples' / 'riverside')", elsewhere)
    examples = Path(where.stdout.strip())
    assert (examples / "brand.yaml").is_file()
    result = _handouts(installed, elsewhere, "build", str(examples / "first-visit.yaml"), "-o", "first.pdf")
    assert result.returncode == 0, _tail(result, 20)
    assert (elsewhere / "first.pdf").is_file()


def test_installed_batch_combine(installed, elsewhere):
    # --combine needs pypdf at run time: a plain install must bring it
    (elsewhere / "set.yaml").write_text(
        "defaults:\n  topic: back-spasms\n"
        "jobs:\n  - {output: full.pdf}\n  - {detail: brief, output: brief.pdf}\n", encoding="utf-8")
    result = _handouts(installed, elsewhere, "batch", "set.yaml", "-d", "out", "-q", "-j", "1",
                       "--combine", "all.pdf")
    assert result.returncode == 0, _tail(result, 20)
    parts = [len(PdfReader(str(elsewhere / "out" / name)).pages) for name in ("full.pdf", "brief.pdf")]
    assert len(PdfReader(str(elsewhere / "all.pdf")).pages) == sum(parts)
