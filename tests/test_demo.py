"""The embedded demo (schemas/demo): duislint reports exactly the planted defects, where README.md says they are.

Lines are found from marker text in the demo files, never written down here, so the demo can be edited freely.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT
from tests.helpers import check_json, cli, findings_of, line_of

DEMO = ROOT / "schemas" / "demo"
DUIS = "DUIS Demo V9.1.xsd"
MMC = "MMC Demo V9.1.xsd"
MATRIX = DEMO / "service-request-matrix.json"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"
RAW_IMPORT = f'schemaLocation="{MMC}"'
BAD_REFERENCE = 'type="sr:ReadLogPeriod"'

# (rule, subject) -> (file, marker text, which occurrence of the marker is the finding's line)
PLANTED: dict[tuple[str, str], tuple[str, str, int]] = {
    ("XS002", MMC): (DUIS, RAW_IMPORT, 1),
    ("DU202", "SRV 4.1.1"): (DUIS, "<!-- SR 4.1.1 Read Instantaneous Registers -->", 1),
    ("XS401", "sr:PrepayConfiguration~ra:PrepayConfiguration"): (DUIS, 'name="DebtRecoveryRateCap"', 1),
    ("XS101", "sr:ReadLogPeriod"): (DUIS, BAD_REFERENCE, 1),
    ("DU201", "SRV 6.99"): (DUIS, "<!-- SR 6.99 ", 1),
    ("XS203", "sr:SubGHzConfiguration/UpperBandChannels0To26"): (DUIS, 'name="UpperBandChannels0To26"', 2),
    ("DU103", "E084103"): (DUIS, '<xs:enumeration value="E084103"/>', 1),
}


def expected_locations() -> dict[tuple[str, str], tuple[str, int]]:
    texts = {name: (DEMO / name).read_text(encoding="utf-8") for name, _, _ in PLANTED.values()}
    return {key: (name, line_of(texts[name], marker, nth)) for key, (name, marker, nth) in PLANTED.items()}


def demo_report(*paths: Path) -> dict:
    return check_json(*(paths or (DEMO,)), extra=("--spec", str(MATRIX)))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the report as a user running `make demo` sees them


@pytest.fixture
def repaired(tmp_path: Path) -> Path:
    """A copy of the demo with planted defect XS101 fixed (sr:ReadLogPeriod -> ra:ReadLogPeriod), nothing else."""
    for name in (DUIS, MMC):
        shutil.copy(DEMO / name, tmp_path / name)
    text = (tmp_path / DUIS).read_text(encoding="utf-8")
    assert text.count(BAD_REFERENCE) == 1
    (tmp_path / DUIS).write_text(text.replace(BAD_REFERENCE, 'type="ra:ReadLogPeriod"'), encoding="utf-8")
    return tmp_path


def test_demo_reports_exactly_the_planted_defects() -> None:
    report = demo_report()
    found = Counter((f["rule"], f["subject"]) for f in report["findings"])
    assert found == Counter(PLANTED.keys()), "each planted defect is reported once and nothing else is reported"
    located = {(f["rule"], f["subject"]): (Path(f["location"]["path"]).name, f["location"]["line"])
               for f in report["findings"]}  # fmt: skip
    assert located == expected_locations()
    assert report["summary"] == {"error": 2, "warning": 5, "info": 0}


def test_demo_findings_carry_the_fixes() -> None:
    report = demo_report()
    (xs101,) = findings_of(report, "XS101")
    assert xs101["suggestion"] == "ra:ReadLogPeriod (the prefix points at the wrong namespace)"
    (du201,) = findings_of(report, "DU201")
    assert du201["suggestion"] == "SR 6.28 (Set CHF Sub GHz Configuration)"  # found in the matrix by name
    (du202,) = findings_of(report, "DU202")
    assert du202["suggestion"] == "SR 4.1.1 Read Instantaneous Import Registers"
    (du103,) = findings_of(report, "DU103")
    assert du103["suggestion"] == "a code for SR 8.14"
    (xs002,) = findings_of(report, "XS002")
    assert xs002["suggestion"] == 'schemaLocation="MMC%20Demo%20V9.1.xsd"'
    (xs401,) = findings_of(report, "XS401")
    assert (
        "DebtRecoveryRateCap is 1..1, type xs:unsignedInt in sr:, 1..1, type xs:unsignedShort in ra:"
        in xs401["message"]
    )


def test_readme_table_matches_the_report() -> None:
    rows = re.findall(r"^\|[^|]+\|[^|]+\| (\w{2}\d{3}) \| `([^`:]+):(\d+)` \|$",
                      (DEMO / "README.md").read_text(encoding="utf-8"), re.MULTILINE)  # fmt: skip
    table = sorted((rule, name, int(line)) for rule, name, line in rows)
    actual = sorted((rule, name, line) for (rule, _), (name, line) in expected_locations().items())
    assert table == actual


def test_demo_compiles_apart_from_the_planted_reference(repaired: Path) -> None:
    # The planted wrong prefix is, to libxml2, the one compile error: reported once, as XS101 with its
    # suggestion, not again as XS001. With it repaired the demo compiles.
    assert findings_of(demo_report(), "XS001") == []
    report = demo_report(repaired)
    assert findings_of(report, "XS001") == []
    assert findings_of(report, "XS101") == []
    assert {f["rule"] for f in report["findings"]} == {r for r, _ in PLANTED} - {"XS101"}


def test_lxml_drops_the_raw_space_import_that_duislint_follows(repaired: Path) -> None:
    # The demo as shipped: loading it from disk, lxml loses the MMC import, so an ra: reference fails too.
    with pytest.raises(etree.XMLSchemaParseError) as shipped:
        etree.XMLSchema(etree.parse(str(DEMO / DUIS)))
    assert any(f"{{{RA_NS}}}" in entry.message for entry in shipped.value.error_log)

    # With the planted XS101 repaired: lxml still cannot load it from disk, only because of the raw space...
    duis = repaired / DUIS
    with pytest.raises(etree.XMLSchemaParseError, match="ResponseAndAlert"):
        etree.XMLSchema(etree.parse(str(duis)))
    escaped = repaired / "escaped.xsd"
    escaped.write_text(duis.read_text(encoding="utf-8").replace(RAW_IMPORT, 'schemaLocation="MMC%20Demo%20V9.1.xsd"'),
                       encoding="utf-8")  # fmt: skip
    etree.XMLSchema(etree.parse(str(escaped)))  # ...as the %20 form loads

    # ...while duislint follows the raw-space import, compiles the set and warns about the location.
    report = check_json(duis)
    assert {Path(i["path"]).name for i in report["inputs"]} == {DUIS, MMC}
    assert findings_of(report, "XS001") == []
    (xs002,) = findings_of(report, "XS002")
    assert xs002["location"]["line"] == line_of(duis.read_text(encoding="utf-8"), RAW_IMPORT)


# --- the uplift: the previous release (schemas/demo/9.0) against this one -------------------------------------

UPLIFT = {  # (rule, subject): the changes schemas/demo/README.md lists for 9.0 -> 9.1
    ("BR102", "sr:DCCAlert/FirmwareVersionUpdate"),  # renamed FirmwareVersion (the spec still says ...Update)
    ("BR112", "sr:DCCAlert/FirmwareVersion"),
    ("BR104", "sr:ResponseCode=E081403"),  # the digit swap: E081403 -> E084103
    ("BR113", "sr:ResponseCode=E084103"),
    *(("BR113", f"sr:ResponseCode=E{n}") for n in range(60, 72)),
    ("BR105", "sr:RetrieveBillingDataLog/ReadLogPeriod"),  # ra:ReadLogPeriod -> the undefined sr:ReadLogPeriod
    ("BR102", "sr:SubGHzConfiguration/UpperBandChannels27To53"),  # the copy-and-paste slip
    ("BR111", "sr:SubGHzConfiguration/UpperBandChannels0To26[2]"),
    ("BR107", "sr:CreateSchedule/ScheduleEndDate"),  # made optional (the spec still says Mandatory)
    ("BR119", "sr:PrepayConfiguration/DebtRecoveryRateCap"),  # unsignedShort -> unsignedInt (MMC's twin not)
}


def test_the_previous_release_diffs_to_the_uplift_the_readme_lists() -> None:
    result = cli("diff", DEMO / "9.0", DEMO, "--format", "json", "--fail-on", "never")
    assert result.code == 0
    report = result.json()

    changes = report["changes"]
    every = [part for c in changes for part in c.get("parts", [c])]  # a grouped change stands for its parts
    assert {(c["rule"].split()[0], c["subject"]) for c in every} == UPLIFT
    assert len(every) == len(UPLIFT)
    grouped = {(c["rule"], c["subject"], c["impact"]) for c in changes if "parts" in c}
    assert grouped == {("BR114", "sr:DCCAlert", "breaking"), ("BR114", "sr:SubGHzConfiguration", "breaking")}
    readme = (DEMO / "README.md").read_text(encoding="utf-8").split("## The previous release")[1].split("\n## ")[0]
    assert set(re.findall(r"\bBR\d{3}\b", readme)) == {rule for rule, _ in UPLIFT} | {"BR114"}  # the README's table
    assert report["summary"] == {"breaking": 3, "potentially-breaking": 13, "non-breaking": 3}
    [retyped] = [c for c in changes if c["subject"] == "sr:RetrieveBillingDataLog/ReadLogPeriod"]
    assert retyped["detail"].endswith("type ra:ReadLogPeriod -> sr:ReadLogPeriod (not defined)")  # a typo, said so
    assert retyped["impact"] == "breaking" and "not decided" in retyped["semantics"]
    hinted = {c["subject"] for c in every if "probably renamed" in c["detail"]}
    assert hinted == {"sr:DCCAlert/FirmwareVersionUpdate", "sr:DCCAlert/FirmwareVersion",
                      "sr:SubGHzConfiguration/UpperBandChannels27To53",
                      "sr:SubGHzConfiguration/UpperBandChannels0To26[2]"}  # fmt: skip


def test_the_previous_release_has_none_of_the_planted_schema_defects() -> None:
    """9.0 is what 9.1 should have stayed: each planted schema defect arrived with the uplift."""
    report = check_json(DEMO / "9.0", extra=("--spec", str(MATRIX)))
    assert {f["rule"] for f in report["findings"]} == {"XS002"}  # DUIS's raw-space import, as in every release
