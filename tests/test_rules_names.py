"""NM1xx, the spelling of names and words: on small made-up sets with a word list of the test's own (so that the
results do not depend on the machine's dictionary), and on the real published sets with Debian's wbritish-large.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from duislint import lexicon
from duislint.spelling import american_variant, edits, words_of
from tests.conftest import duis_data, sr_schema
from tests.helpers import at, check_json, cli, findings_of, line_of, only

pytestmark = pytest.mark.usefixtures("in_fixture_folder")

WORDS = """
set device configuration export read register registers message code of command received counter from
originator supported by not tariff switching table time stamp timestamp returned alert the when a is value
reading readings period tolerance supply start date id type and switch index
"""


@pytest.fixture
def words(write):
    """A word list of the test's own, named by the configuration found in the fixture folder."""
    write("words.txt", "\n".join(WORDS.split()) + "\n")
    write("duislint.toml", 'dictionary = "words.txt"\nwords = ["MPAN", "Registr"]\n')


def _types(body: str) -> str:
    return sr_schema(body)


# --- the speller ------------------------------------------------------------------------------------------------


def test_names_split_at_case_changes_digits_and_underscores_keeping_compound_words_whole():
    assert [w.text for w in words_of("SetCHFSubGHzConfiguration", ("SubGHz",))] == ["Set", "CHF", "SubGHz",
                                                                                   "Configuration"]  # fmt: skip
    assert [w.text for w in words_of("MPANId2_read")] == ["MPAN", "Id", "read"]
    assert [w.text for w in words_of("NOT_AUTHORIZED")] == ["NOT", "AUTHORIZED"]


def test_one_edit_covers_deletion_insertion_substitution_and_transposition():
    assert {"configuration", "tariff", "returned"} <= edits("configuratin") | edits("tarif") | edits("retruned")
    assert "vary" not in edits("varh")  # short words: only a transposition counts


def test_american_spellings_are_recognised_as_variants_not_typos():
    assert american_variant("authorized", "authorised")
    assert american_variant("color", "colour")
    assert american_variant("center", "centre")
    assert not american_variant("tarrif", "tariff")


# --- NM101 misspelt-name ----------------------------------------------------------------------------------------


def test_misspelt_word_in_a_type_name_is_reported_once_where_defined_with_the_corrected_name(write, words):
    text = _types(
        """
        <xs:complexType name="SetDeviceConfiguratinExportMPAN"><xs:sequence>
          <xs:element name="Value" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:element name="A" type="sr:SetDeviceConfiguratinExportMPAN"/>
        <xs:element name="B" type="sr:SetDeviceConfiguratinExportMPAN"/>
        """
    )
    write("duis.xsd", text)
    finding = only(check_json("duis.xsd", extra=("--select", "NM101")), "NM101")
    assert at(finding) == ("duis.xsd", line_of(text, 'complexType name="SetDeviceConfiguratin'))
    assert finding["suggestion"] == "SetDeviceConfigurationExportMPAN"
    assert "'Configuratin'" in finding["message"] and finding["subject"] == "sr:SetDeviceConfiguratinExportMPAN"


def test_words_run_together_are_reported_with_the_second_capitalised(write, words):
    text = _types(  # 'Of' is a word of its own in another name: 'Codeof' is two words
        '<xs:element name="MessageCodeofCommandReceived" type="xs:string"/>\n'
        '<xs:element name="CodeOfCommand" type="xs:string"/>'
    )
    write("duis.xsd", text)
    finding = only(check_json("duis.xsd", extra=("--select", "NM101")), "NM101")
    assert finding["suggestion"] == "MessageCodeOfCommandReceived"
    assert "runs two words together" in finding["message"]


def test_a_local_element_name_declared_in_many_places_is_reported_once_with_the_others_related(write, words):
    declarations = "".join(
        f'<xs:complexType name="T{i}"><xs:sequence><xs:element name="TarifValue" type="xs:string"/>'
        "</xs:sequence></xs:complexType>\n"
        for i in range(3)
    )
    text = _types(declarations)
    write("duis.xsd", text)
    found = findings_of(check_json("duis.xsd", extra=("--select", "NM101")), "NM101")
    # 'Tarif' in three names is the set's own vocabulary (one name here, three declarations: one finding)
    assert len(found) == 1 and found[0]["suggestion"] == "TariffValue"
    assert len(found[0]["related"]) == 2


def test_words_the_set_uses_often_and_configured_words_are_known(write, words):
    text = _types(
        "".join(f'<xs:element name="Elec{n}Rsp" type="xs:string"/>\n' for n in ("Read", "Set", "Export"))
        + '<xs:element name="ReadMPAN" type="xs:string"/>\n<xs:element name="RegistrValue" type="xs:string"/>'
    )
    write("duis.xsd", text)
    report = check_json("duis.xsd", extra=("--select", "NM101"))
    assert not findings_of(report, "NM101"), report["findings"]


def test_american_spelling_and_acronyms_are_not_misspellings(write, words):
    write("words.txt", "\n".join(WORDS.split() + ["authorised", "status"]) + "\n")
    text = _types(
        """
        <xs:simpleType name="Status"><xs:restriction base="xs:string">
          <xs:enumeration value="NOT_AUTHORIZED"/><xs:enumeration value="WANHAN"/>
        </xs:restriction></xs:simpleType>
        """
    )
    write("duis.xsd", text)
    assert not findings_of(check_json("duis.xsd", extra=("--select", "NM")), "NM101")


def test_a_configured_dictionary_that_is_missing_is_one_line_exit_2(write):
    write("duis.xsd", _types('<xs:element name="A" type="xs:string"/>'))
    write("duislint.toml", 'dictionary = "nowhere.txt"\n')
    run = cli("check", "duis.xsd")
    assert run.code == 2 and "nowhere.txt: dictionary not found" in run.err and len(run.err.splitlines()) == 1


def test_the_dictionary_is_an_input_of_the_run_and_never_overwritten(write, words):
    write("duis.xsd", _types('<xs:element name="A" type="xs:string"/>'))
    settings = cli("check", "duis.xsd", "--show-settings")
    assert settings.out.count("words.txt") == 1 and "words: MPAN, Registr" in settings.out
    run = cli("check", "duis.xsd", "--format", "json", "-o", "words.txt")
    assert run.code == 2 and "words.txt" in run.err
    assert Path("words.txt").read_text(encoding="utf-8").startswith("set\n")


def test_without_any_dictionary_the_run_says_so_and_still_knows_the_sets_words(write, monkeypatch):
    monkeypatch.setattr(lexicon, "DICTIONARIES", ())
    write("duis.xsd", _types('<xs:element name="A" type="xs:string"/>'))
    run = cli("check", "duis.xsd", "--select", "NM", "--format", "json")
    assert run.code == 0 and "no British English dictionary" in run.err
    settings = cli("check", "duis.xsd", "--show-settings")
    assert "dictionary: none (install Debian's wbritish-large" in settings.out


# --- NM102 name-spelt-two-ways ----------------------------------------------------------------------------------


def test_the_minority_spelling_of_one_name_is_reported_with_the_majority_as_suggestion(write, words):
    def holder(i: int, name: str) -> str:
        return (f'<xs:complexType name="H{i}"><xs:sequence><xs:element name="{name}" type="xs:dateTime"/>'
                "</xs:sequence></xs:complexType>\n")  # fmt: skip

    text = _types("".join(holder(i, "Timestamp") for i in range(3)) + holder(9, "TimeStamp"))
    write("duis.xsd", text)
    finding = only(check_json("duis.xsd", extra=("--select", "NM102")), "NM102")
    assert finding["suggestion"] == "Timestamp" and "'TimeStamp' (1 place)" in finding["message"]
    assert at(finding) == ("duis.xsd", line_of(text, 'name="TimeStamp"'))


def test_a_tie_is_decided_by_how_the_sets_other_names_write_the_word(write, words):
    text = _types(
        """
        <xs:element name="SwitchId" type="xs:string"/>
        <xs:element name="SwitchID2" type="xs:string"/>
        <xs:element name="DeviceID" type="xs:string"/>
        <xs:element name="ReadID" type="xs:string"/>
        <xs:attribute name="TypeAndId" type="xs:string"/>
        <xs:attribute name="TypeAndID" type="xs:string"/>
        """
    )
    write("duis.xsd", text)
    found = findings_of(check_json("duis.xsd", extra=("--select", "NM102")), "NM102")
    assert [(f["subject"], f["suggestion"]) for f in found] == [("sr:TypeAndId", "TypeAndID")]


def test_in_a_tie_a_type_keeps_the_spelling_of_the_element_named_like_it(write, words):
    text = _types(
        """
        <xs:complexType name="SwitchTypeAndId"><xs:sequence/></xs:complexType>
        <xs:complexType name="SwitchTypeAndID"><xs:sequence/></xs:complexType>
        <xs:element name="SwitchTypeAndId" type="sr:SwitchTypeAndId"/>
        <xs:element name="DeviceID" type="xs:string"/>
        <xs:element name="ReadID" type="xs:string"/>
        """
    )
    write("duis.xsd", text)
    finding = only(check_json("duis.xsd", extra=("--select", "NM102")), "NM102")
    # 'ID' is the set's usual spelling, but renaming the type breaks no message while renaming the element would
    assert (finding["subject"], finding["suggestion"]) == ("sr:SwitchTypeAndID", "SwitchTypeAndId")


def test_names_of_different_kinds_and_enumeration_values_are_not_compared(write, words):
    text = _types(
        """
        <xs:element name="Index" type="sr:index"/>
        <xs:simpleType name="index"><xs:restriction base="xs:string">
          <xs:enumeration value="DAILY"/><xs:enumeration value="Daily"/></xs:restriction></xs:simpleType>
        """
    )
    write("duis.xsd", text)
    assert not findings_of(check_json("duis.xsd", extra=("--select", "NM102")), "NM102")


# --- NM103 type-name-differs-from-element -----------------------------------------------------------------------


def test_a_type_named_after_its_element_in_another_case_or_misspelt_is_reported_at_the_type(write, words):
    text = _types(
        """
        <xs:simpleType name="tolerancePeriod"><xs:restriction base="xs:int"/></xs:simpleType>
        <xs:element name="TolerancePeriod" type="sr:tolerancePeriod"/>
        <xs:complexType name="ReadRegistersTyep"><xs:sequence/></xs:complexType>
        <xs:element name="ReadRegisters" type="sr:ReadRegistersTyep"/>
        <xs:complexType name="ReadRegistersKRP"><xs:sequence/></xs:complexType>
        <xs:element name="ReadRegisters2" type="sr:ReadRegistersKRP"/>
        <xs:complexType name="SupplyStartDate1"><xs:sequence/></xs:complexType>
        <xs:element name="SupplyStartDate2" type="sr:SupplyStartDate1"/>
        """
    )
    write("duis.xsd", text)
    report = check_json("duis.xsd", extra=("--select", "NM101", "--select", "NM103"))
    found = findings_of(report, "NM103")
    assert [(f["subject"], f["suggestion"], f["location"]["line"]) for f in found] == [
        ("sr:tolerancePeriod", "TolerancePeriod", line_of(text, 'name="tolerancePeriod"')),
    ]
    # 'Tyep' is no word but 'Type' a suffix: NM101 sees the misspelling of the suffix
    assert [f["suggestion"] for f in findings_of(report, "NM101")] == ["ReadRegistersType"]


def test_a_misspelt_type_named_after_its_element_is_reported_once_by_nm103_not_again_by_nm101(write, words):
    text = _types(
        """
        <xs:complexType name="SetDeviceConfiguratinExportMPAN"><xs:sequence/></xs:complexType>
        <xs:element name="SetDeviceConfigurationExportMPAN" type="sr:SetDeviceConfiguratinExportMPAN"/>
        """
    )
    write("duis.xsd", text)
    report = check_json("duis.xsd", extra=("--select", "NM"))
    assert [f["rule"] for f in report["findings"]] == ["NM103"]
    assert report["findings"][0]["suggestion"] == "SetDeviceConfigurationExportMPAN"


# --- NM104 misspelt-word-in-comment -----------------------------------------------------------------------------


def test_a_misspelt_word_in_comments_is_reported_once_with_every_place(write, words):
    text = _types(
        """
        <!-- Retruned when a value is read -->
        <xs:element name="A" type="xs:string"/>
        <xs:element name="B" type="xs:string"><xs:annotation><xs:documentation>Retruned by the
          ReadRegistersCommand alert</xs:documentation></xs:annotation></xs:element>
        """
    )
    write("duis.xsd", text)
    finding = only(check_json("duis.xsd", extra=("--select", "NM104")), "NM104")
    assert finding["severity"] == "info" and finding["suggestion"] == "Returned"
    assert at(finding) == ("duis.xsd", line_of(text, "<!-- Retruned"))
    assert len(finding["related"]) == 1


# --- the real published sets ------------------------------------------------------------------------------------


def _real_dictionary() -> str:
    path = "/usr/share/dict/british-english-large"
    if not Path(path).is_file():
        from tests.conftest import REQUIRE_DATA

        reason = "Debian's wbritish-large is not installed (apt-get install wbritish-large)"
        if REQUIRE_DATA:
            pytest.fail(f"{reason}; CI must run the spelling tests (.ci/run installs it)")
        pytest.skip(reason)
    return path


@pytest.fixture
def real_copy(tmp_path):
    """A copy of the published 5.4 set to plant defects in."""
    _real_dictionary()
    source = duis_data() / "schemas" / "5.4"
    target = tmp_path / "real54"
    shutil.copytree(source, target)
    return target


def _replace_once(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    position = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, position) + 1


def test_planted_misspellings_in_the_real_set_are_found_where_planted(real_copy):
    duis = real_copy / "DUIS Schema V5.4.xsd"
    mmc = real_copy / "MMC Schema V5.4.xsd"
    type_line = _replace_once(duis, 'name="ReadInstantaneousImportRegisters"', 'name="ReadInstantaneousImprotRegisters"')
    comment_line = _replace_once(mmc, "<!-- Returned by device alert", "<!-- Retruned by device alert")
    case_line = _replace_once(mmc, 'name="SupplyTamperState"', 'name="SupplytamperState"')
    report = check_json(real_copy, extra=("--select", "NM"))
    by_subject = {f["subject"]: f for f in report["findings"]}
    planted = [f for f in report["findings"] if f["location"]["line"] in (type_line, comment_line, case_line)]
    assert len(planted) >= 3, [f["message"] for f in report["findings"]]
    assert any(f["rule"] in ("NM101", "NM103") and f.get("suggestion", "").endswith("ImportRegisters")
               for f in planted)  # fmt: skip
    assert by_subject["Retruned"]["suggestion"] == "Returned"
    assert any("SupplytamperState" in f["message"] for f in planted)


def test_the_dictionary_cache_is_used_rebuilt_when_broken_and_never_changes_results(write, words, tmp_path,
                                                                                   monkeypatch):  # fmt: skip
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    write("duis.xsd", _types('<xs:element name="MessageCodeofCommandReceived" type="xs:string"/>\n'
                             '<xs:element name="CodeOfCommand" type="xs:string"/>'))  # fmt: skip
    first = check_json("duis.xsd", extra=("--select", "NM"))
    (cached,) = (tmp_path / "cache" / "duislint").glob("words-*.marshal")
    assert check_json("duis.xsd", extra=("--select", "NM")) == first
    cached.write_bytes(b"not marshal")
    assert check_json("duis.xsd", extra=("--select", "NM")) == first
    assert lexicon.read_dictionary("words.txt") == frozenset(WORDS.split())
