"""The four published DUIS sets load, compile and give exactly the findings we reviewed by hand.

The pinned lists in tests/pinned/ were reviewed finding by finding against the XSDs and the service-request
matrix (see the notes on issue #2). A change in duislint's results on real data shows here as a diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REQUIRE_DATA, duis_data
from tests.helpers import check_json, cli

PINNED = Path(__file__).parent / "pinned"
VERSIONS = ["5.0", "5.1", "5.3a", "5.4"]


def _lines(report: dict) -> list[str]:
    """One line per finding: rule, severity, file name:line (or row), subject."""
    out = []
    for f in report["findings"]:
        loc = f["location"]
        where = f"{Path(loc['path']).name}:{loc['line']}" + (f" row {loc['row']}" if "row" in loc else "")
        out.append(f"{f['rule']} {f['severity']} {where} {f['subject']}")
    return out


DICTIONARY = Path("/usr/share/dict/british-english-large")  # the word list the NM findings were pinned with


def _without_dictionary() -> tuple[str, ...]:
    """Where Debian's wbritish-large is missing the spelling rules are left out (CI installs it: never there)."""
    if DICTIONARY.is_file():
        return ()
    if REQUIRE_DATA:
        pytest.fail(f"{DICTIONARY} is missing; CI must pin the spelling rules' findings (.ci/run installs wbritish-large)")
    return ("--ignore", "NM")


@pytest.fixture(scope="module", params=VERSIONS)
def version_report(request):
    data = duis_data()
    extra = ("--spec", str(data / "service-request-matrix.json"), *_without_dictionary())
    report = check_json(data / "schemas" / request.param, extra=extra)
    return request.param, report


def test_findings_match_the_reviewed_list(version_report):
    version, report = version_report
    expected = (PINNED / f"duis-{version}.txt").read_text(encoding="utf-8").splitlines()
    if _without_dictionary():
        expected = [line for line in expected if not line.startswith("NM")]
    assert _lines(report) == expected


def test_set_compiles_and_every_file_is_an_input(version_report):
    version, report = version_report
    assert not [f for f in report["findings"] if f["rule"] == "XS001"]
    names = {Path(i["path"]).name for i in report["inputs"]}
    assert f"DUIS Schema V{version}.xsd" in names
    assert "xmldsig-core-schema.xsd" in names
    assert all(len(i["sha256"]) == 64 for i in report["inputs"])
    # the schema version that messages carry in schemaVersion ("5.3" for the file "DUIS Schema V5.3a.xsd")
    (duis_version,) = {i["version"] for i in report["inputs"] if Path(i["path"]).name.startswith("DUIS")}
    assert duis_version == version.rstrip("a")


def test_raw_space_import_is_reported_with_the_escaped_form(version_report):
    _, report = version_report
    (finding,) = [f for f in report["findings"] if f["rule"] == "XS002"]
    assert finding["location"]["line"] == 9  # the <xs:import that spans lines 9-10
    assert "%20" in finding["suggestion"]


def test_known_defects_of_the_published_sets_are_found(version_report):
    """Defects a reviewer can check by eye in the published files."""
    _, report = version_report
    subjects = {(f["rule"], f["subject"]) for f in report["findings"]}
    assert ("DU201", "SRV 2.10") in subjects  # MMC: <!-- SR 2.10 Update Prepay Configuration -->
    assert ("XS401", "sr:DeviceType~ra:DeviceType") in subjects  # IHD/CAD vs Type2
    assert ("DU203", "SRV 6.20.1") in subjects  # matrix gives SR 6.2 for SRV 6.20.1


def test_json_report_is_byte_identical_across_runs(tmp_path):
    data = duis_data()
    outputs = []
    for name in ("a.json", "b.json"):
        result = cli("check", data / "schemas" / "5.4", "--format", "json", "-o", tmp_path / name, "--fail-on", "never")
        assert result.code == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_data_behind_a_link_gives_the_same_findings_shown_by_the_linked_path(tmp_path, monkeypatch):
    """`../shared` may be a link (a fresh clone beside the data): paths are shown as the user typed them, never
    through the link, and the order of the findings does not change."""
    data = duis_data()
    (tmp_path / "linked").symlink_to(data, target_is_directory=True)
    monkeypatch.chdir(tmp_path)

    report = check_json(Path("linked/schemas/5.4"), extra=("--spec", "linked/service-request-matrix.json",
                                                           "--messages", "linked/messages/responses"))  # fmt: skip

    assert all(i["path"].startswith("linked/") for i in report["inputs"]), report["inputs"][:3]
    assert all(f["location"]["path"].startswith("linked/") for f in report["findings"])
    expected = (PINNED / "duis-5.4.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in _lines(report) if not line.startswith("MS")] == expected
