"""DUIS messages: the real RTDS requests and 5.4 responses validate against 5.4; planted defects are reported once,
where they are; the XXE sample is read without resolving its entity; messages feed the graph and the spec rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import duis_data
from tests.helpers import check_json, cli, findings_of

UPDATE_HAN = "CCS02_8.11_SUCCESS_REQUEST_DUIS.XML"  # SRV 8.11, body UpdateHANDeviceLog, RequestType Remove


def data() -> Path:
    return duis_data()


def test_real_requests_and_54_responses_validate_against_54_with_no_finding():
    requests = data() / "messages" / "requests-5.4"
    responses = sorted(p for p in (data() / "messages" / "responses").iterdir()
                       if 'schemaVersion="5.4"' in p.read_text(encoding="utf-8"))  # fmt: skip
    assert responses
    report = check_json(data() / "schemas" / "5.4", extra=("--messages", str(requests),
                                                           *[a for r in responses for a in ("--messages", str(r))],
                                                           "--select", "MS"))  # fmt: skip
    assert report["findings"] == []
    assert sum(1 for i in report["inputs"] if i["kind"] == "message") == 297 + len(responses)


def test_54_requests_against_53a_fail_only_on_their_schema_version():
    """Reviewed by hand: the 5.4 requests use nothing 5.3a lacks (5.4 changed a response type and a code);
    the only failures are their schemaVersion."""
    report = check_json(data() / "schemas" / "5.3a", extra=("--messages", str(data() / "messages" / "requests-5.4"),
                                                            "--select", "MS"))  # fmt: skip
    assert {f["rule"] for f in report["findings"]} == {"MS102"}
    assert len(report["findings"]) == 297
    assert {f["subject"] for f in report["findings"]} == {"5.4"}


@pytest.fixture
def corpus(tmp_path):
    """A copy of the real requests, to plant defects in."""
    target = tmp_path / "messages"
    shutil.copytree(data() / "messages" / "requests-5.4", target)
    return target


def planted(corpus: Path, name: str, old: str, new: str) -> tuple[Path, int]:
    path = corpus / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.strip() in row)
    return path, line


def only(report: dict, rule: str) -> dict:
    (finding,) = report["findings"]
    assert finding["rule"] == rule, finding
    return finding


def check_corpus(corpus: Path) -> dict:
    return check_json(data() / "schemas" / "5.4", extra=("--messages", str(corpus), "--select", "MS"))


def test_enumeration_value_the_schema_lacks_is_reported_with_the_allowed_values(corpus):
    path, line = planted(corpus, UPDATE_HAN, "<sr:RequestType>Remove</sr:RequestType>",
                         "<sr:RequestType>Delete</sr:RequestType>")  # fmt: skip
    finding = only(check_corpus(corpus), "MS101")
    assert finding["location"]["path"].endswith(UPDATE_HAN) and finding["location"]["line"] == line
    assert finding["subject"].endswith("sr:UpdateHANDeviceLog/sr:RequestType")
    assert "'Delete'" in finding["message"] and "Remove" in finding["message"]  # the allowed values


def test_missing_mandatory_element_names_what_was_expected(corpus):
    path, _ = planted(corpus, UPDATE_HAN, "<sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID>", "")
    finding = only(check_corpus(corpus), "MS101")
    assert "expected one of sr:ExecutionDateTime, sr:DeviceID" in finding["message"]
    assert finding["expected"] == ["sr:ExecutionDateTime", "sr:DeviceID"]
    assert finding["location"]["line"] > 1


def test_wrong_schema_version_is_reported_at_the_root(corpus):
    planted(corpus, UPDATE_HAN, 'schemaVersion="5.4"', 'schemaVersion="5.3"')
    finding = only(check_corpus(corpus), "MS102")
    assert finding["location"]["line"] == 2 and finding["suggestion"] == "5.4"


def test_wrong_srv_for_a_body_is_reported_once(corpus):
    """An 8.11 request relabelled as SRV 4.1.1 (whose seven other messages use another body): MS104 at its body,
    and MS105 for UpdateHANDeviceLog now under two SRVs, also at this message (8.11 uses it consistently)."""
    path, _ = planted(corpus, UPDATE_HAN, "<sr:ServiceReferenceVariant>8.11</sr:ServiceReferenceVariant>",
                      "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>")  # fmt: skip
    text = path.read_text(encoding="utf-8").replace("<sr:ServiceReference>8.11</", "<sr:ServiceReference>4.1</")
    path.write_text(text, encoding="utf-8")
    report = check_corpus(corpus)
    assert sorted(f["rule"] for f in report["findings"]) == ["MS104", "MS105"]
    body_line = next(n for n, row in enumerate(text.splitlines(), 1) if "<sr:UpdateHANDeviceLog>" in row)
    for finding in report["findings"]:
        assert finding["location"]["path"].endswith(UPDATE_HAN) and finding["location"]["line"] == body_line
    (ms104,) = findings_of(report, "MS104")
    assert ms104["subject"] == "SRV 4.1.1" and ms104["suggestion"] == "ReadInstantaneousImportRegisters"


def test_srv_of_another_service_reference(corpus):
    planted(corpus, UPDATE_HAN, "<sr:ServiceReference>8.11</sr:ServiceReference>",
            "<sr:ServiceReference>8.1</sr:ServiceReference>")  # fmt: skip
    finding = only(check_corpus(corpus), "MS103")
    assert finding["subject"] == "SRV 8.11" and finding["suggestion"] == "8.11"


def test_xxe_sample_is_read_without_resolving_the_entity_and_says_so(tmp_path):
    report = check_json(data() / "schemas" / "5.4", extra=("--messages", str(data() / "hostile" / "duis-xxe.xml"),
                                                           "--select", "MS"))  # fmt: skip
    (xxe,) = findings_of(report, "MS001")
    assert "file:///etc/passwd" in xxe["message"] and "not resolved" in xxe["message"]
    assert "root:" not in json.dumps(report)  # nothing of /etc/passwd was read


def test_refs_shows_the_messages_that_use_a_type():
    result = cli("refs", data() / "schemas" / "5.4", "sr:SubGHzConfiguration", "--format", "json")
    assert result.code == 0
    without = result.json()
    assert not [r for r in without["matches"][0]["used_by"] if r["kind"] == "message"]


def test_messages_complete_the_graph_and_feed_spec_rules():
    from duislint import schemas

    report_paths = [str(data() / "messages" / "requests-5.4")]
    loaded = schemas.load([str(data() / "schemas" / "5.4")])
    from duislint.messages.graph import add_message_edges
    from duislint.messages.learn import srv_bodies
    from duislint.messages.load import read_messages

    messages = read_messages(report_paths, loaded.compiled)
    add_message_edges(loaded.model, loaded.graph, messages)
    bodies = srv_bodies(messages)
    assert len(bodies) == 129 and bodies["6.28"] == "SetCHFSubGHzConfiguration"
    edges = loaded.graph.out_edges("ServiceReferenceVariant:6.28")
    assert any(e.kind == "SRV-uses-body" and e.target.endswith("/Body/SetCHFSubGHzConfiguration") for e in edges)
    users = [e for e in loaded.graph.in_edges("type:sr:SubGHzConfiguration") if e.kind == "message-uses"]
    assert users and all(e.source.startswith("message:") for e in users)


def test_diff_lists_the_messages_an_uplift_breaks():
    responses = data() / "messages" / "responses"
    result = cli("diff", data() / "schemas" / "5.4", data() / "schemas" / "5.3a", "--messages", responses,
                 "--format", "json", "--fail-on", "never")  # fmt: skip
    assert result.code == 0
    report = result.json()
    broken = report["findings"]["messages"]["broken"]
    assert [Path(b["path"]).name for b in broken] == ["read-inventory-response-5.4.xml"]
    assert "Connectivity" in broken[0]["errors"][0]["message"]


def test_a_message_gate_loads_no_spec_reader_component_model_or_other_rule_family(tmp_path):
    """`check --select MS --messages` is the gate a CI runs on every push, held to 2x a bare lxml script
    (benchmarks/bench_messages.py): it must not pay for the readers, models and rules it does not use."""
    report = tmp_path / "gate.json"
    argv = ["check", str(data() / "schemas" / "5.4"), "--select", "MS", "--messages",
            str(data() / "messages" / "requests-5.4" / UPDATE_HAN), "--format", "json", "-o", str(report)]  # fmt: skip
    script = (
        "import sys\nfrom duislint.cli import main\n"
        f"code = main({argv!r})\n"
        "print(code, *sorted(m for m in sys.modules if m.startswith('duislint')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, *modules = result.stdout.split()

    assert code == "0"
    assert {"duislint.messages.load", "duislint.rules.messages", "duislint.xsd.compile"} <= set(modules)
    unused = {"duislint.xsd.components", "duislint.xsd.build", "duislint.spec.model", "duislint.spec.build",
              "duislint.matrix", "duislint.diff.rules", "duislint.diff.report", "duislint.xsd.flatten", "duislint.rules.twins", "duislint.rules.spec_items",
              "duislint.rules.references", "duislint.messages.graph"}  # fmt: skip
    assert not unused & set(modules)
    gate = json.loads(report.read_text(encoding="utf-8"))
    assert gate["findings"] == [] and [i["kind"] for i in gate["inputs"]].count("message") == 1


def test_a_folder_of_messages_reads_each_file_once_whatever_links_to_it(tmp_path):
    """A link and its target (or two links to one file) are one message; a file named just `.xml` is none."""
    folder, elsewhere = tmp_path / "messages", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    message = folder / "update.xml"
    shutil.copyfile(data() / "messages" / "requests-5.4" / UPDATE_HAN, message)
    shutil.copyfile(message, elsewhere / "outside.xml")
    (folder / "again.xml").symlink_to(message)
    (folder / "outside-link.XML").symlink_to(elsewhere / "outside.xml")
    (folder / ".xml").write_text("not a message", encoding="utf-8")

    report = check_json(data() / "schemas" / "5.4",
                        extra=("--select", "MS", "--messages", str(folder), "--messages", str(elsewhere / "outside.xml")))  # fmt: skip
    read = sorted(Path(i["path"]).name for i in report["inputs"] if i["kind"] == "message")
    assert read == ["outside.xml", "update.xml"]
    assert report["findings"] == []


def _firmware_request(tmp_path: Path, characters: int) -> Path:
    """The real UpdateFirmware request with a FirmwareImage of `characters` base64 characters."""
    real = (data() / "messages" / "requests-5.4" / "11.1_UPDATE_FIRMWARE_REQUEST_DUIS.XML").read_text(encoding="utf-8")
    start = real.index("<sr:FirmwareImage>") + len("<sr:FirmwareImage>")
    end = real.index("</sr:FirmwareImage>")
    path = tmp_path / "firmware.xml"
    path.write_text(real[:start] + "QUJD" * (characters // 4) + real[end:], encoding="utf-8")
    return path


def test_a_firmware_image_over_libxml2s_10_mb_text_limit_is_read_and_valid(tmp_path):
    """FirmwareImage is xs:base64Binary of up to 10,240,000 characters: an 8 MB image and one at the schema's
    limit are ordinary messages, not 'not well-formed XML'."""
    for characters in (8_000_000, 10_240_000):
        message = _firmware_request(tmp_path, characters)
        result = cli("check", data() / "schemas" / "5.4", "--select", "MS", "--messages", message, "--format", "json")
        assert result.code == 0, result.err
        assert result.json()["findings"] == []


def test_a_message_over_the_size_limit_is_refused_in_one_line_naming_the_file(tmp_path):
    message = _firmware_request(tmp_path, 50 * 1024 * 1024)
    result = cli("check", data() / "schemas" / "5.4", "--select", "MS", "--messages", message)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "firmware.xml" in result.err and "over the 48 MB limit (raise it with --max-message-mb" in result.err
