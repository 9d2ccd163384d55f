"""Shared test fixtures: where the real DUIS data is, and a tiny XSD writer for rule fixtures."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

# hypothesis keeps the examples that failed (to try them first next time) and caches: outside the checkout, where
# no test writes
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "duislint-hypothesis"))
# duislint keeps the dictionary's word set in the user's cache folder: the tests' runs keep theirs apart
os.environ["XDG_CACHE_HOME"] = str(Path(tempfile.gettempdir()) / "duislint-test-cache")

ROOT = Path(__file__).resolve().parent.parent
DUIS_DATA = Path(os.environ.get("DUIS_DATA", ROOT.parent / "shared" / "duis"))
REQUIRE_DATA = os.environ.get("DUISLINT_REQUIRE_DATA") == "1"
SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"


def duis_data() -> Path:
    """The real published DUIS data; tests skip without it, except in CI (.ci/run sets DUISLINT_REQUIRE_DATA)."""
    if not (DUIS_DATA / "schemas").is_dir():
        message = f"real DUIS data not found at {DUIS_DATA} (set DUIS_DATA to ../shared/duis)"
        if REQUIRE_DATA:
            pytest.fail(message)
        pytest.skip(message)
    return DUIS_DATA


def office() -> str:
    """LibreOffice's soffice, for the tests that open our Word files in it; they skip without it, except in CI
    (.ci/run installs it and sets DUISLINT_REQUIRE_DATA)."""
    import shutil

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)"
        if REQUIRE_DATA:
            pytest.fail(message)
        pytest.skip(message)
    return found


def office_text(docx: Path, folder: Path) -> str:
    """The text LibreOffice reads from a Word file (a headless conversion, its own profile under `folder`): that it
    converts at all is that it opens the file without a repair."""
    import subprocess

    done = subprocess.run([office(), "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                           "txt:Text", "--outdir", str(folder), str(docx)], capture_output=True, text=True,
                          timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return (folder / f"{docx.stem}.txt").read_text(encoding="utf-8-sig", errors="replace")


def sr_schema(body: str, extra_ns: str = "", imports: str = "") -> str:
    """A DUIS-shaped sr: schema document around `body`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"\n'
        f'    xmlns:sr="{SR_NS}" xmlns:ra="{RA_NS}" {extra_ns}\n'
        f'    targetNamespace="{SR_NS}" elementFormDefault="qualified">\n'
        f"{imports}{textwrap.dedent(body)}\n</xs:schema>\n"
    )


def ra_schema(body: str) -> str:
    """A DUIS-shaped ra: (MMC) schema document around `body`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"\n'
        f'    xmlns:ra="{RA_NS}"\n'
        f'    targetNamespace="{RA_NS}" elementFormDefault="qualified">\n'
        f"{textwrap.dedent(body)}\n</xs:schema>\n"
    )


@pytest.fixture
def write(tmp_path: Path):
    """write(name, text) -> path: write a fixture file under a fresh temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def in_fixture_folder(tmp_path, monkeypatch):
    """Run from the fixture folder, so report paths are the bare file names a user would see."""
    monkeypatch.chdir(tmp_path)
