"""XS401/XS402 and `duislint diff` compare structure with one comparer (xsd.flatten + xsd.compare): what the diff
sees between old X and new X, the twin rules see between sr:X and ra:X."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import RA_NS, ra_schema, sr_schema
from tests.helpers import at, check_json, cli, findings_of, line_of, only

pytestmark = pytest.mark.usefixtures("in_fixture_folder")

IMPORT_MMC = f'<xs:import namespace="{RA_NS}" schemaLocation="mmc.xsd"/>\n'

# two sibling choices in one sequence: each must keep its own identity (choice, choice[2])
PICK = """
<xs:complexType name="Pick">
  <xs:sequence>
    <xs:choice minOccurs="@FIRST@"><!-- first choice -->
      <xs:element name="A" type="xs:string"/>
      <xs:element name="B" type="xs:string"/>
    </xs:choice>
    <xs:choice><!-- second choice -->
      <xs:element name="C" type="xs:string"/>
      <xs:element name="D" type="xs:string"/>
    </xs:choice>
  </xs:sequence>
</xs:complexType>
"""
USE = '<xs:element name="Request"><xs:complexType><xs:sequence><xs:element name="P" type="{p}:Pick"/>' \
      "</xs:sequence></xs:complexType></xs:element>"  # fmt: skip


def _pick(first: str) -> str:
    return PICK.replace("@FIRST@", first)


def test_a_change_to_the_first_of_two_sibling_choices_is_twin_drift_at_that_choice():
    duis = sr_schema(_pick("0") + USE.format(p="sr") + '<xs:element name="Alert" type="ra:Pick"/>', imports=IMPORT_MMC)
    mmc = ra_schema(_pick("1"))
    Path("duis.xsd").write_text(duis, encoding="utf-8")
    Path("mmc.xsd").write_text(mmc, encoding="utf-8")

    finding = only(check_json("duis.xsd"), "XS401")

    assert finding["subject"] == "sr:Pick~ra:Pick"
    assert (finding["location"]["path"], finding["location"]["line"]) == ("duis.xsd", line_of(duis, "first choice"))
    assert [(r["path"], r["line"]) for r in finding["related"]] == [("mmc.xsd", line_of(mmc, "first choice"))]
    assert "choice occurs 0..1 in sr:, 1..1 in ra:" in finding["message"]
    assert "differ in 1 place" in finding["message"]  # the second choice is not blamed


def test_the_diff_sees_the_same_change_between_old_and_new(capsys):


    Path("old.xsd").write_text(sr_schema(_pick("0") + USE.format(p="sr")), encoding="utf-8")
    Path("new.xsd").write_text(sr_schema(_pick("1") + USE.format(p="sr")), encoding="utf-8")

    result = cli("diff", "old.xsd", "new.xsd", "--format", "json", "--fail-on", "never")
    changes = json.loads(result.out)["changes"]

    assert [(c["subject"], c["rule"], c["detail"]) for c in changes] == [
        ("sr:Pick/choice", "BR106", "choice of sr:Pick/choice occurs 0..1 -> 1..1")
    ]


def test_a_relaxation_of_the_second_choice_only_is_relaxed_not_drift():
    second_optional = _pick("1").replace("<xs:choice><!-- second", '<xs:choice minOccurs="0"><!-- second')
    duis = sr_schema(_pick("1") + USE.format(p="sr") + '<xs:element name="Alert" type="ra:Pick"/>', imports=IMPORT_MMC)
    Path("duis.xsd").write_text(duis, encoding="utf-8")
    Path("mmc.xsd").write_text(ra_schema(second_optional), encoding="utf-8")

    report = check_json("duis.xsd")

    assert findings_of(report, "XS401") == []
    finding = only(report, "XS402")
    assert finding["location"]["line"] == line_of(duis, "second choice")


def test_a_pattern_on_one_twin_only_is_drift_not_a_crash():
    t_sr = '<xs:simpleType name="T"><xs:restriction base="xs:string"><xs:pattern value="[0-9]+"/></xs:restriction>' \
           "</xs:simpleType>"  # fmt: skip
    t_ra = '<xs:simpleType name="T"><xs:restriction base="xs:string"/></xs:simpleType>'
    uses = '<xs:element name="Request" type="sr:T"/><xs:element name="Alert" type="ra:T"/>'
    Path("duis.xsd").write_text(sr_schema(t_sr + uses, imports=IMPORT_MMC), encoding="utf-8")
    Path("mmc.xsd").write_text(ra_schema(t_ra), encoding="utf-8")

    finding = only(check_json("duis.xsd"), "XS401")

    assert "facet pattern is [0-9]+ in sr:, (none) in ra:" in finding["message"]


def test_a_total_digits_facet_on_both_sides_is_no_difference_whatever_the_bounds():
    restricted = '<xs:simpleType name="P"><xs:restriction base="xs:int"><xs:totalDigits value="2"/>' \
                 '<xs:minInclusive value="0"/><xs:maxInclusive value="@MAX@"/></xs:restriction></xs:simpleType>'  # fmt: skip
    use = '<xs:element name="Request" type="sr:P"/>'
    Path("old.xsd").write_text(sr_schema(restricted.replace("@MAX@", "99") + use), encoding="utf-8")
    Path("new.xsd").write_text(sr_schema(restricted.replace("@MAX@", "999") + use), encoding="utf-8")

    changes = cli("diff", "old.xsd", "new.xsd", "--format", "json", "--fail-on", "never").json()["changes"]

    assert [(c["rule"], c["subject"]) for c in changes] == [("BR109", "sr:P#maxInclusive")]


# --- issue 12 item 3: twins whose names differ in case; drift all the way down ----------------------------------


def related_at(finding: dict) -> list[tuple[str, int | None]]:
    return [(r["path"], r["line"]) for r in finding["related"]]


def _twin_set(sr_body: str, ra_body: str, uses: list[str]) -> tuple[dict, str, str]:
    """duis.xsd (sr:) importing mmc.xsd (ra:), a global element for each named type in `uses`; XS4 only."""
    elements = "".join(f'<xs:element name="Use{i}" type="{t}"/>\n' for i, t in enumerate(uses))
    duis = sr_schema(sr_body + elements, imports=IMPORT_MMC)
    mmc = ra_schema(ra_body)
    Path("duis.xsd").write_text(duis, encoding="utf-8")
    Path("mmc.xsd").write_text(mmc, encoding="utf-8")
    return check_json("duis.xsd", extra=("--select", "XS4")), duis, mmc


def _xs4(report: dict) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["subject"]) for f in report["findings"] if f["rule"].startswith("XS4"))


def _complex(name: str, body: str, prefix: str = "sr") -> str:
    return f'<xs:complexType name="{name}"><xs:sequence>\n{body.replace("@", prefix)}\n</xs:sequence></xs:complexType>\n'


SWITCH = '<xs:element name="ALCS" type="xs:string"/>\n<xs:element name="HCALCS" type="xs:hexBinary"/><!-- @hc -->'


def test_twins_whose_names_differ_only_in_case_are_compared_and_the_message_says_so():
    report, duis, mmc = _twin_set(_complex("SwitchTypeAndId", SWITCH.replace("@hc", "sr hc")),
                                  _complex("SwitchTypeAndID", SWITCH.replace("xs:hexBinary", "xs:string")
                                           .replace("@hc", "ra hc"), "ra"),
                                  ["sr:SwitchTypeAndId", "ra:SwitchTypeAndID"])  # fmt: skip

    finding = only(report, "XS401")

    assert finding["subject"] == "sr:SwitchTypeAndId~ra:SwitchTypeAndID"
    assert finding["message"] == ("sr:SwitchTypeAndId and ra:SwitchTypeAndID (names differ in case) differ in 1 "
                                  "place: element HCALCS is 1..1, type xs:hexBinary in sr:, 1..1, type xs:string "
                                  "in ra:")  # fmt: skip
    assert at(finding) == ("duis.xsd", line_of(duis, "sr hc"))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, "ra hc"))]


def test_twins_alike_but_for_the_case_of_their_names_are_one_type_spelt_two_ways_at_info():
    report, duis, mmc = _twin_set(_complex("SwitchTypeAndId", SWITCH), _complex("SwitchTypeAndID", SWITCH, "ra"),
                                  ["sr:SwitchTypeAndId", "ra:SwitchTypeAndID"])  # fmt: skip

    finding = only(report, "XS402")

    assert findings_of(report, "XS401") == []
    assert finding["message"] == "sr:SwitchTypeAndId and ra:SwitchTypeAndID have the same structure but names that " \
                                 "differ in case"  # fmt: skip
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="SwitchTypeAndId"'))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, 'name="SwitchTypeAndID"'))]


def test_case_only_twins_whose_drift_is_all_below_them_say_only_that_their_names_differ_in_case():
    sr = _complex("SwitchTypeAndId", '<xs:element name="Detail" type="@:Detail"/>') + _complex(
        "Detail", '<xs:element name="Rate" type="xs:short"/>')
    ra = _complex("SwitchTypeAndID", '<xs:element name="Detail" type="@:SwitchDetail"/>', "ra") + _complex(
        "SwitchDetail", '<xs:element name="Rate" type="xs:int"/>', "ra")
    report, _, _ = _twin_set(sr, ra, ["sr:SwitchTypeAndId", "ra:SwitchTypeAndID"])

    assert _xs4(report) == [("XS401", "sr:Detail~ra:SwitchDetail"), ("XS402", "sr:SwitchTypeAndId~ra:SwitchTypeAndID")]
    assert only(report, "XS402")["message"] == "sr:SwitchTypeAndId and ra:SwitchTypeAndID have names that differ in case"
    assert only(report, "XS401")["message"].startswith("sr:SwitchTypeAndId/Detail (type sr:Detail) against "
                                                       "ra:SwitchTypeAndID/Detail (type ra:SwitchDetail) differ")  # fmt: skip


def test_an_exact_twin_wins_over_a_case_insensitive_one_and_no_type_is_paired_twice():
    from duislint.graph import twin_pairs
    from duislint.schemas import load

    one = '<xs:element name="A" type="xs:string"/>'
    sr_body = "".join(_complex(n, one) for n in ("FooId", "BarId", "BarID", "BazID"))
    ra_body = "".join(_complex(n, one, "ra") for n in ("FooId", "FooID", "Barid", "Bazid"))
    _twin_set(sr_body, ra_body, [])

    pairs = [(s.local, r.local) for s, r in twin_pairs(load(["duis.xsd"]).model)]

    # FooId: the exact twin, not ra:FooID too; Barid: two sr: candidates, so neither; BazID: the one candidate
    assert pairs == [("BazID", "Bazid"), ("FooId", "FooId")]


# A (twins) -> Child: sr:B against ra:C -> Grand: sr:D against ra:E, where D and E differ
TWO_DOWN_SR = (_complex("A", '<xs:element name="Child" type="@:B"/>')
               + _complex("B", '<xs:element name="Grand" type="@:D"/>')
               + _complex("D", '<xs:element name="Rate" type="xs:short"/><!-- sr rate -->'))  # fmt: skip
TWO_DOWN_RA = (_complex("A", '<xs:element name="Child" type="@:C"/>', "ra")
               + _complex("C", '<xs:element name="Grand" type="@:E"/>', "ra")
               + _complex("E", '<xs:element name="Rate" type="xs:int"/><!-- ra rate -->', "ra"))  # fmt: skip


def test_a_child_type_drift_two_levels_down_is_reported_once_at_the_deepest_pair_naming_both_paths():
    report, duis, mmc = _twin_set(TWO_DOWN_SR, TWO_DOWN_RA, ["sr:A", "ra:A"])

    finding = only(report, "XS401")

    assert _xs4(report) == [("XS401", "sr:D~ra:E")]  # not A (its child's type), not B~C (its child's type)
    assert finding["message"] == ("sr:A/Child/Grand (type sr:D) against ra:A/Child/Grand (type ra:E) differ in 1 "
                                  "place: element Rate is 1..1, type xs:short in sr:, 1..1, type xs:int in ra:")  # fmt: skip
    assert at(finding) == ("duis.xsd", line_of(duis, "sr rate"))
    assert related_at(finding) == [("mmc.xsd", line_of(mmc, "ra rate"))]


def test_the_twin_above_keeps_what_else_differs_in_the_item_and_points_at_the_pair_below():
    ra = TWO_DOWN_RA.replace('<xs:element name="Child" type="ra:C"/>',
                             '<xs:element name="Child" type="ra:C" minOccurs="0"/>')  # fmt: skip
    report, _, _ = _twin_set(TWO_DOWN_SR, ra, ["sr:A", "ra:A"])

    assert _xs4(report) == [("XS401", "sr:D~ra:E"), ("XS402", "sr:A~ra:A")]
    assert only(report, "XS402")["message"] == (
        "sr:A and ra:A differ in 1 place: element Child is 1..1, type B in sr:, 0..1, type C in ra: "
        "(types compared on their own as sr:B~ra:C)"
    )


def test_child_types_of_the_same_structure_under_other_names_are_a_harmless_rename_at_info():
    alike = TWO_DOWN_RA.replace("xs:int", "xs:short")
    report, duis, mmc = _twin_set(TWO_DOWN_SR, alike, ["sr:A", "ra:A"])

    finding = only(report, "XS402")

    assert _xs4(report) == [("XS402", "sr:A~ra:A")]
    assert finding["message"] == ("sr:A and ra:A differ in 1 place: element Child is 1..1, type B in sr:, 1..1, "
                                  "type C in ra: (the same structure under another name)")  # fmt: skip
    assert at(finding) == ("duis.xsd", line_of(duis, 'name="Child"'))


def test_a_pair_reached_from_two_twins_is_reported_once_naming_every_place_it_meets():
    sr = TWO_DOWN_SR + _complex("A2", '<xs:element name="Other" type="@:D"/>')
    ra = TWO_DOWN_RA + _complex("A2", '<xs:element name="Other" type="@:E"/>', "ra")
    report, _, _ = _twin_set(sr, ra, ["sr:A", "ra:A", "sr:A2", "ra:A2"])

    finding = only(report, "XS401")

    assert finding["subject"] == "sr:D~ra:E"
    assert finding["message"].startswith("sr:A/Child/Grand (type sr:D) against ra:A/Child/Grand (type ra:E) differ")
    assert finding["message"].endswith("(the same pair meets at sr:A2/Other against ra:A2/Other too)")


def test_a_pair_met_again_below_itself_is_compared_once():
    sr = _complex("Tree", '<xs:element name="Branch" type="@:Tree" minOccurs="0"/>')
    ra = (_complex("Tree", '<xs:element name="Branch" type="@:Limb" minOccurs="0"/>', "ra")
          + _complex("Limb", '<xs:element name="Branch" type="@:Limb" minOccurs="0"/>\n'
                             '<xs:element name="Leaf" type="xs:string"/>', "ra"))  # fmt: skip
    report, _, _ = _twin_set(sr, ra, ["sr:Tree", "ra:Tree"])

    finding = only(report, "XS401")

    assert _xs4(report) == [("XS401", "sr:Tree~ra:Limb")]
    assert "element Leaf only in ra: (1..1, type xs:string)" in finding["message"]
    assert "differ in 1 place" in finding["message"]


def test_bases_that_differ_are_compared_as_a_pair_of_their_own():
    def special_days(base: str, prefix: str) -> str:
        return (f'<xs:complexType name="SpecialDays"><xs:sequence><xs:element name="SpecialDay"><xs:complexType>'
                f'<xs:complexContent><xs:extension base="{base}"/></xs:complexContent></xs:complexType>'
                f"</xs:element></xs:sequence></xs:complexType>\n") + _complex("Date", '<xs:element name="Year" '
                                                                                 'type="xs:int"/>', prefix)  # fmt: skip

    sr = special_days("sr:DayOfYear", "sr") + _complex("DayOfYear", '<xs:element name="Date" type="@:Date"/>')
    report, _, _ = _twin_set(sr, special_days("ra:Date", "ra"), ["sr:SpecialDays", "ra:SpecialDays"])

    finding = only(report, "XS401")

    assert _xs4(report) == [("XS401", "sr:DayOfYear~ra:Date")]
    assert finding["message"].startswith("sr:SpecialDays/SpecialDay (base sr:DayOfYear) against "
                                         "ra:SpecialDays/SpecialDay (base ra:Date) differ in 2 places: ")  # fmt: skip
    assert "element Date only in sr: (1..1, type Date)" in finding["message"]
    assert "element Year only in ra: (1..1, type xs:int)" in finding["message"]


def test_a_type_written_inline_on_one_side_is_compared_with_the_named_type_on_the_other():
    sr = ('<xs:complexType name="A"><xs:sequence><xs:element name="Child"><xs:complexType><xs:sequence>'
          '<xs:element name="Rate" type="xs:short"/></xs:sequence></xs:complexType></xs:element>'
          "</xs:sequence></xs:complexType>\n")  # fmt: skip
    ra = _complex("A", '<xs:element name="Child" type="@:C"/>', "ra") + _complex("C", '<xs:element name="Rate" '
                                                                                  'type="xs:int"/>', "ra")  # fmt: skip
    report, _, _ = _twin_set(sr, ra, ["sr:A", "ra:A"])

    finding = only(report, "XS401")

    assert finding["subject"] == "sr:A/Child~ra:C"
    assert finding["message"] == ("sr:A/Child (anonymous type) against ra:A/Child (type ra:C) differ in 1 place: "
                                  "element Rate is 1..1, type xs:short in sr:, 1..1, type xs:int in ra:")  # fmt: skip


# --- the same, planted in copies of the real sets ------------------------------------------------------------


def _real_copy(tmp_path: Path, version: str = "5.4") -> tuple[Path, Path, Path]:
    from tests.conftest import duis_data

    source = duis_data() / "schemas" / version
    target = tmp_path / version
    shutil.copytree(source, target)
    return target, target / f"DUIS Schema V{version}.xsd", next(target.glob("MMC Schema*.xsd"))


def _plant(path: Path, *edits: tuple[str, str, int]) -> str:
    """Each (old, new, count): `old` occurs exactly `count` times and each becomes `new`."""
    text = path.read_text(encoding="utf-8")
    for old, new, count in edits:
        assert text.count(old) == count, (old, text.count(old))
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def _definition(text: str, name: str) -> str:
    """The text of the complex type `name`, from its start tag to its end tag."""
    found = re.search(rf'<xs:complexType name="{name}">.*?</xs:complexType>', text, re.S)
    assert found, name
    return found.group(0)


def _line_after(text: str, start: str, marker: str) -> int:
    """The line of the first `marker` at or after the line holding `start`."""
    first = line_of(text, start)
    lines = text.splitlines()
    return next(n for n in range(first, len(lines) + 1) if marker in lines[n - 1])


def _xs4_of(folder: Path) -> dict[tuple[str, str], dict]:
    report = check_json(folder, extra=("--select", "XS4"))
    return {(f["rule"], f["subject"]): f for f in report["findings"]}


@pytest.fixture(scope="module")
def real_xs4() -> dict[tuple[str, str], dict]:
    from tests.conftest import duis_data

    return _xs4_of(duis_data() / "schemas" / "5.4")


def test_the_real_sets_pair_the_switch_type_twins_whose_names_differ_in_case():
    """sr:SwitchTypeAndId (DUIS) and ra:SwitchTypeAndID (MMC): the same ALCS/HCALCS choice, but the DUIS copy has
    the required attribute index (checked by hand in 5.0, 5.1, 5.3a and 5.4)."""
    from tests.conftest import duis_data

    for version in ("5.0", "5.1", "5.3a", "5.4"):
        folder = duis_data() / "schemas" / version
        finding = _xs4_of(folder)[("XS401", "sr:SwitchTypeAndId~ra:SwitchTypeAndID")]
        duis = next(folder.glob("DUIS*.xsd")).read_text(encoding="utf-8")
        mmc = next(folder.glob("MMC*.xsd")).read_text(encoding="utf-8")
        assert finding["message"] == ("sr:SwitchTypeAndId and ra:SwitchTypeAndID (names differ in case) differ in 1 "
                                      "place: attribute @index only in sr: (type range_1_5, use required)")  # fmt: skip
        assert finding["location"]["line"] == _line_after(duis, 'complexType name="SwitchTypeAndId"', 'name="index"')
        assert [r["line"] for r in finding["related"]] == [line_of(mmc, 'complexType name="SwitchTypeAndID"')]


def test_the_real_sets_report_child_type_drift_at_the_deepest_pair(real_xs4):
    """Checked by hand in 5.4: the twins ElecDayProfiles, ElecDayProfilesSecondary, GasWeekProfiles and
    ElecSpecialDaysPrepayment differ in their children's types (or base), whose own differences are reported."""
    deep = {subject: f["message"] for (rule, subject), f in real_xs4.items() if "/" in f["message"].split(" ")[0]}

    assert deep == {
        "sr:WeekProfileGas~ra:GasWeekProfile": (
            "sr:GasWeekProfiles/WeekProfile (type sr:WeekProfileGas) against ra:GasWeekProfiles/WeekProfile (type "
            "ra:GasWeekProfile) differ in 3 places: element WeekName is 1..1, type GasWeekName in sr:, 0..1, type "
            "GasWeekName in ra:; element ReferencedDayName only in sr: (7..7, type GasReferencedDayName); element "
            "ReferencedDay only in ra: (0..7, type GasReferencedDayName)"),
        "sr:ElecDayProfilePrimary~ra:ElecDayProfilePrimaryElement": (
            "sr:ElecDayProfiles/DayProfile (type sr:ElecDayProfilePrimary) against ra:ElecDayProfiles/DayProfile "
            "(type ra:ElecDayProfilePrimaryElement) differ in 3 places: element DayName only in sr: (1..1, type "
            "ElecDayName); element ProfileSchedule is 1..48, type ElecProfileSchedulePrimary in sr:, 0..48, type "
            "ElecProfileSchedulePrimaryElement in ra: (the same structure under another name); element Day only in "
            "ra: (0..1, type ElecDayName)"),
        "sr:ElecDayProfileSecondary~ra:ElecDayProfileSecondaryElement": (
            "sr:ElecDayProfilesSecondary/DayProfile (type sr:ElecDayProfileSecondary) against "
            "ra:ElecDayProfilesSecondary/DayProfile (type ra:ElecDayProfileSecondaryElement) differ in 3 places: "
            "element DayName only in sr: (1..1, type ElecDayName); element ProfileSchedule is 1..48, type "
            "ElecProfileScheduleSecondary in sr:, 0..48, type ElecProfileScheduleSecondaryElement in ra: (types "
            "compared on their own as sr:ElecProfileScheduleSecondary~ra:ElecProfileScheduleSecondaryElement); "
            "element Day only in ra: (0..1, type ElecDayName)"),
        "sr:ElecProfileScheduleSecondary~ra:ElecProfileScheduleSecondaryElement": (
            "sr:ElecDayProfilesSecondary/DayProfile/ProfileSchedule (type sr:ElecProfileScheduleSecondary) against "
            "ra:ElecDayProfilesSecondary/DayProfile/ProfileSchedule (type ra:ElecProfileScheduleSecondaryElement) "
            "differ in 2 places: element StartTime is 1..1, type xs:time in sr:, 0..1, type xs:time in ra:; "
            "element TOUTariffAction is 1..1, type (anonymous) in sr:, 0..1, type (anonymous) in ra:"),
        "sr:ElecSpecialDayPrepayment~ra:Date": (
            "sr:ElecSpecialDaysPrepayment/SpecialDay (base sr:ElecSpecialDayPrepayment) against "
            "ra:ElecSpecialDaysPrepayment/SpecialDay (base ra:Date) differ in 5 places: element Year only in ra: "
            "(1..1, type Year); element Month only in ra: (1..1, type Month); element DayOfMonth only in ra: (1..1, "
            "type DayOfMonth); element DayOfWeek only in ra: (1..1, type DayOfWeek); element Date only in sr: "
            "(1..1, type Date)"),
    }
    assert ("XS402", "sr:ElecProfileScheduleSecondary~ra:ElecProfileScheduleSecondaryElement") in real_xs4
    assert ("XS402", "sr:GasWeekProfiles~ra:GasWeekProfiles") in real_xs4  # the relaxed occurrence is all it keeps


def test_a_case_only_twin_with_drift_planted_in_the_real_set_is_found_with_both_names(tmp_path, real_xs4):
    folder, duis, mmc = _real_copy(tmp_path)
    schedule = _definition(mmc.read_text(encoding="utf-8"), "AuxiliaryControllerSchedule")
    planted = schedule.replace('name="AuxiliaryControllerSchedule"', 'name="AuxiliaryControllerschedule"')
    planted = planted.replace('<xs:attribute name="identifier"', '<xs:attribute name="index"')
    mmc_text = _plant(mmc, (schedule, planted, 1),
                      ('type="ra:AuxiliaryControllerSchedule"', 'type="ra:AuxiliaryControllerschedule"', 1))
    duis_text = duis.read_text(encoding="utf-8")

    found = _xs4_of(folder)
    new = {key: f for key, f in found.items() if key not in real_xs4}

    assert list(new) == [("XS401", "sr:AuxiliaryControllerSchedule~ra:AuxiliaryControllerschedule")]
    finding = next(iter(new.values()))
    message = finding["message"]
    assert message.startswith("sr:AuxiliaryControllerSchedule and ra:AuxiliaryControllerschedule (names differ in "
                              "case) differ in 2 places: ")  # fmt: skip
    assert "attribute SpecialDaysApplicability/@identifier only in sr: (type range_1_20, use required)" in message
    assert "attribute SpecialDaysApplicability/@index only in ra: (type range_1_20, use required)" in message
    # the first difference listed is the attribute only in ra: (MMC's line comes first): shown at the sr: type
    assert finding["location"]["line"] == line_of(duis_text, 'complexType name="AuxiliaryControllerSchedule"')
    ra_type = 'complexType name="AuxiliaryControllerschedule"'
    # the @index only in ra:, then the ra: type where the @identifier of sr: is missing
    expected = [_line_after(mmc_text, ra_type, 'name="index"'), line_of(mmc_text, ra_type)]
    assert [r["line"] for r in finding["related"]] == expected
    assert set(real_xs4) - set(found) == set()  # nothing else changes


def test_a_child_type_drift_two_levels_down_planted_in_the_real_set_is_found_with_both_paths(tmp_path, real_xs4):
    """ra:ScheduleDatesAndTime/StartDate gets a copy of ra:Date whose Year is a copy of ra:Year with another lower
    bound: the drift is reported at sr:Year against the copy, not at the twins above it."""
    folder, duis, mmc = _real_copy(tmp_path)
    original = mmc.read_text(encoding="utf-8")
    date, year = _definition(original, "Date"), _definition(original, "Year")
    copies = (date.replace('name="Date"', 'name="ScheduleDate"').replace('"ra:Year"', '"ra:ScheduleYear"')
              + "\n" + year.replace('name="Year"', 'name="ScheduleYear"')
              .replace('<xs:minInclusive value="2014"/>', '<xs:minInclusive value="2000"/><!-- planted -->'))  # fmt: skip
    mmc_text = _plant(mmc, ('<xs:element name="StartDate" type="ra:Date"/>',
                            '<xs:element name="StartDate" type="ra:ScheduleDate"/>', 1),
                      ("</xs:schema>", copies + "\n</xs:schema>", 1))  # fmt: skip
    duis_text = duis.read_text(encoding="utf-8")

    found = _xs4_of(folder)
    new = {key: f for key, f in found.items() if key not in real_xs4}

    assert list(new) == [("XS401", "sr:Year~ra:ScheduleYear")]
    finding = next(iter(new.values()))
    assert finding["message"] == (
        "sr:ScheduleDatesAndTime/StartDate/Year (type sr:Year) against ra:ScheduleDatesAndTime/StartDate/Year "
        "(type ra:ScheduleYear) differ in 1 place: facet minInclusive of SpecifiedYear is 2014 in sr:, 2000 in ra:"
    )
    assert finding["location"]["line"] == _line_after(duis_text, 'complexType name="Year"', "minInclusive")
    assert [r["line"] for r in finding["related"]] == [line_of(mmc_text, "<!-- planted -->")]
    assert set(real_xs4) - set(found) == set()


def test_a_renamed_copy_of_the_same_structure_planted_in_the_real_set_is_a_harmless_rename(tmp_path, real_xs4):
    folder, duis, mmc = _real_copy(tmp_path)
    date = _definition(mmc.read_text(encoding="utf-8"), "Date")
    _plant(mmc, ('<xs:element name="StartDate" type="ra:Date"/>', '<xs:element name="StartDate" '
                                                                  'type="ra:ScheduleDate"/>', 1),
           ("</xs:schema>", date.replace('name="Date"', 'name="ScheduleDate"') + "\n</xs:schema>", 1))  # fmt: skip

    found = _xs4_of(folder)
    new = {key: f for key, f in found.items() if key not in real_xs4}

    assert list(new) == [("XS402", "sr:ScheduleDatesAndTime~ra:ScheduleDatesAndTime")]
    assert next(iter(new.values()))["message"] == (
        "sr:ScheduleDatesAndTime and ra:ScheduleDatesAndTime differ in 1 place: element StartDate is 1..1, type "
        "Date in sr:, 1..1, type ScheduleDate in ra: (the same structure under another name)"
    )
