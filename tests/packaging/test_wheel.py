"""The wheel, installed into a fresh venv outside the checkout, answers questions on its own.

This is what a user of `pip install casus` gets: no source tree on the path, the rules and
facts found as package data, nothing but `casus` installed at top level. The build and the
install reuse pip's cache (its default location), so reruns are quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
# Built from a copy without these, so that no stale build/ output or local state gets in.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    ".hypothesis", "artifacts", "articles",
)
SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"


@dataclass
class Installed:
    """A venv with the wheel installed, and a working directory outside the checkout."""

    bin: Path
    site_packages: Path
    cwd: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=120,
        )


def _clean_env() -> dict[str, str]:
    """The caller's environment without anything that points back into the checkout."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CASUS_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    assert not tmp.resolve().is_relative_to(ROOT)
    env = _clean_env()
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES, symlinks=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
         str(tmp / "dist"), str(source)],
        check=True, cwd=tmp, env=env, timeout=600,
    )
    (wheel,) = (tmp / "dist").glob("casus-*.whl")
    venv.create(tmp / "venv", with_pip=True, clear=True)
    bindir = tmp / "venv" / "bin"
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True, cwd=tmp, env=env, timeout=600,
    )
    site = subprocess.run(
        [str(bindir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, cwd=tmp, env=env, capture_output=True, text=True,
    ).stdout.strip()
    shutil.rmtree(source)  # no source tree beside the installed package
    return Installed(bindir, Path(site), tmp, env)


def test_seed_question_answers_no(installed: Installed) -> None:
    result = installed.run("casus", "ask", SEED, "--as-of", "2020-10-07", "--explain", "summary")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No."), result.stdout
    assert "csto.art4" in result.stdout  # the explanation cites the bundled rule


def test_python_m_casus_uses_the_installed_package(installed: Installed) -> None:
    result = installed.run(
        "python", "-c", "import casus, casus.engine, casus.rules; "
        "print(casus.__file__); print(casus.rules.__file__)",
    )
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        assert Path(line).is_relative_to(installed.site_packages), line
    result = installed.run("python", "-m", "casus", "ask", SEED, "--as-of", "2020-10-07",
                           "--format", "json", "--explain", "none")
    assert result.returncode == 0, result.stderr
    assert '"holds": false' in result.stdout


def test_check_passes_and_says_quotes_were_not_verified(installed: Installed) -> None:
    result = installed.run("casus", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: "), result.stdout
    assert "quotes not verified" in result.stdout


def test_only_the_casus_namespace_is_installed(installed: Installed) -> None:
    (dist_info,) = installed.site_packages.glob("casus-*.dist-info")
    assert (dist_info / "top_level.txt").read_text().split() == ["casus"]
    tops = set()
    for line in (dist_info / "RECORD").read_text().splitlines():
        path = line.split(",", 1)[0]
        if not path.startswith(".."):  # the console script lives in bin/
            tops.add(path.split("/", 1)[0])
    assert tops == {"casus", dist_info.name}
    for generic in ("engine", "api", "rules", "facts"):
        assert not (installed.site_packages / generic).exists(), generic
    assert (installed.site_packages / "casus" / "rules" / "csto.dl").is_file()
    assert (installed.site_packages / "casus" / "facts" / "sources.yaml").is_file()
