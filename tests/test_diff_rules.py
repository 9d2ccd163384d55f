"""Rule-by-rule fixtures for `duislint diff` (issue #4): every breaking-change rule, in every message direction.

The fixture is a tiny DUIS-shaped set: a request root (global element `sr:Request`), a response root
(`sr:Response`), and four copies of one block of types, each reached differently:

    ReadRequest  + RequestCodes, RequestRange ...   reached only from sr:Request      -> direction "request"
    ReadResponse + ResponseCodes, ...               reached only from sr:Response     -> direction "response"
    ReadShared   + SharedCodes, ...                 reached from both                 -> direction "both"
    ReadOrphan   + OrphanCodes, ...                 reached from no root              -> direction "none"

Each case makes one change inside one copy, diffs the two files as a user would
(`duislint diff old.xsd new.xsd --format json --fail-on never`) and checks the one change record it yields.
The impacts expected are written out here from the issue, not read from the rule table under test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from duislint.rules import RuleKind, all_rules, get_rule
from tests.conftest import sr_schema
from tests.helpers import assert_failure_report, cli, line_of

B, P, N = "breaking", "potentially-breaking", "non-breaking"
RANK = {N: 0, P: 1, B: 2}

ROOTS = """
<xs:element name="Request" type="sr:RequestType"/>
<xs:element name="Response" type="sr:ResponseType"/>
<xs:complexType name="RequestType">
  <xs:sequence>
    <xs:element name="Common" type="sr:ReadShared"/>
    <xs:element name="Body" type="sr:ReadRequest"/>
  </xs:sequence>
</xs:complexType>
<xs:complexType name="ResponseType">
  <xs:sequence>
    <xs:element name="Common" type="sr:ReadShared"/>
    <xs:element name="Body" type="sr:ReadResponse"/>
  </xs:sequence>
</xs:complexType>
"""

# @D@ is Request, Response, Shared or Orphan
BLOCK = """
<xs:complexType name="Read@D@">
  <xs:sequence>
    <xs:element name="Item" type="xs:string"/>
    <xs:element name="Note" type="xs:string" minOccurs="0"/>
    <xs:element name="Code" type="sr:@D@Codes"/>
    <xs:element name="Count" type="sr:@D@Range" maxOccurs="3"/>
    <xs:element name="Id" type="sr:@D@Id" minOccurs="0"/>
    <xs:element name="Kind" type="sr:@D@Kind" minOccurs="0"/>
    <xs:element name="Token" type="sr:@D@Token" minOccurs="0"/>
  </xs:sequence>
  <xs:attribute name="index" type="xs:int"/>
  <xs:attribute name="mode" type="xs:string" use="required"/>
</xs:complexType>
<xs:simpleType name="@D@Codes">
  <xs:restriction base="xs:string">
    <xs:enumeration value="E64"/>
    <xs:enumeration value="E65"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="@D@Range">
  <xs:restriction base="xs:int">
    <xs:minInclusive value="0"/>
    <xs:maxInclusive value="48"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="@D@Id">
  <xs:restriction base="xs:string">
    <xs:pattern value="[0-9A-F]{16}"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="@D@Kind">
  <xs:restriction base="xs:string">
    <xs:maxLength value="8"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="@D@Token">
  <xs:restriction base="xs:token"/>
</xs:simpleType>
<xs:group name="@D@Extras">
  <xs:sequence>
    <xs:element name="Extra" type="xs:string" minOccurs="0"/>
  </xs:sequence>
</xs:group>
"""

COPIES = ("Shared", "Request", "Response", "Orphan")
DIRECTION = {"Request": "request", "Response": "response", "Shared": "both", "Orphan": "none"}

Edits = tuple[tuple[str, str], ...]


def block(copy: str, edits: Edits = ()) -> str:
    text = BLOCK.replace("@D@", copy)
    for old, new in edits:
        old, new = old.replace("@D@", copy), new.replace("@D@", copy)
        assert text.count(old) == 1, f"edit target not unique in the block: {old!r}"
        text = text.replace(old, new)
    return text


def schema(edited: str | None = None, edits: Edits = (), extra: str = "") -> str:
    """The whole fixture set, with `edits` applied to the copy named `edited` only."""
    return sr_schema(ROOTS + "".join(block(c, edits if c == edited else ()) for c in COPIES) + extra)


def line_in_copy(text: str, snippet: str, copy: str) -> int:
    """1-based line of the first `snippet` (with @D@ filled in) at or after the start of `copy`'s block."""
    start = text.index(f'<xs:complexType name="Read{copy}"')
    return text.count("\n", 0, text.index(snippet.replace("@D@", copy), start)) + 1


def same_file(location: dict, path: Path) -> bool:
    return Path(location["path"]).resolve() == path.resolve()


@pytest.fixture
def diff(tmp_path: Path):
    """diff(old_text, new_text, *flags) -> the parsed JSON report of `duislint diff old.xsd new.xsd`."""

    def _diff(old: str, new: str, *extra: str) -> dict:
        (tmp_path / "old.xsd").write_bytes(old.encode("utf-8"))
        (tmp_path / "new.xsd").write_bytes(new.encode("utf-8"))
        result = cli(
            "diff", tmp_path / "old.xsd", tmp_path / "new.xsd", "--format", "json", "--fail-on", "never", *extra
        )
        assert result.code == 0, result.err
        return result.json()

    return _diff


def rule_ids(report: dict) -> list[str]:
    return sorted(c["rule"] for c in report["changes"])


# --- the rule table ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    edits: Edits
    kind: str
    component: str
    subject: str  # with @D@; attributes written sr:Type@name (see test_attribute_subject_is_written_as_a_path)
    rule: str
    request: str  # impact when the changed component is reached from sr:Request only
    response: str  # ... from sr:Response only
    unreached: str  # ... from no root
    old_at: str | None  # snippet whose line is the change's old location (None: no old location)
    new_at: str | None
    detail: str = ""  # a substring the readable detail must hold
    also: tuple[str, ...] = ()  # other rule IDs the same edit must report (e.g. the reference to a removed type)
    base: Edits = ()  # edits made to both sides first


ITEM = '<xs:element name="Item" type="xs:string"/>'
NOTE = '<xs:element name="Note" type="xs:string" minOccurs="0"/>'
COUNT = '<xs:element name="Count" type="sr:@D@Range" maxOccurs="3"/>'
SHORT_COUNT = COUNT.replace("sr:@D@Range", "xs:short")
TOKEN = '<xs:element name="Token" type="sr:@D@Token" minOccurs="0"/>'
INDEX = '<xs:attribute name="index" type="xs:int"/>'
MODE = '<xs:attribute name="mode" type="xs:string" use="required"/>'
TOKEN_TYPE = '<xs:simpleType name="@D@Token">\n  <xs:restriction base="xs:token"/>\n</xs:simpleType>\n'

CASES = [
    # impacts are what the comparison of the two sets' instances proves (diff.semantic): a request breaks when an
    # old request is rejected; a response is potentially breaking when new messages are rejected by old receivers,
    # breaking when old ones are rejected too; no root: breaking only when both are
    # removals: a global component's removal breaks whichever way it is used (schemas that use it no longer compile)
    Case("component-removed", ((f"    {TOKEN}\n", ""), (TOKEN_TYPE, "")), "removed", "type", "sr:@D@Token",
         "BR101 COMPONENT_NO_DELETE", B, B, B, '<xs:simpleType name="@D@Token">', None,
         detail="simple type sr:@D@Token removed", also=("BR102",)),
    Case("element-removed", ((f"    {ITEM}\n", ""),), "removed", "element", "sr:Read@D@/Item",
         "BR102 ELEMENT_NO_DELETE", B, B, B, ITEM, None, detail="type xs:string"),
    Case("attribute-removed", ((f"  {INDEX}\n", ""),), "removed", "attribute", "sr:Read@D@@index",
         "BR103 ATTRIBUTE_NO_DELETE", B, N, N, INDEX, None),
    Case("enum-value-removed", (('    <xs:enumeration value="E64"/>\n', ""),), "removed", "enumeration value",
         "sr:@D@Codes=E64", "BR104 ENUM_VALUE_NO_DELETE", B, N, N, '<xs:enumeration value="E64"/>', None,
         detail="E64"),
    # type changes
    Case("element-type-changed", ((ITEM, ITEM.replace("xs:string", "xs:date")),), "changed", "element",
         "sr:Read@D@/Item", "BR105 ELEMENT_SAME_TYPE", B, N, N, ITEM, '<xs:element name="Item"',
         detail="xs:string -> xs:date"),
    Case("attribute-type-changed", ((INDEX, INDEX.replace("xs:int", "xs:string")),), "changed", "attribute",
         "sr:Read@D@@index", "BR105 ELEMENT_SAME_TYPE", N, P, N, INDEX, '<xs:attribute name="index"',
         detail="xs:int -> xs:string"),
    # built-in types that only widen or only narrow: classed as facets are
    Case("attribute-type-widened", ((INDEX, INDEX.replace("xs:int", "xs:long")),), "changed", "attribute",
         "sr:Read@D@@index", "BR119 TYPE_WIDENED", N, P, N, INDEX, '<xs:attribute name="index"',
         detail="xs:int -> xs:long"),
    Case("element-type-neither-wider-nor-narrower",  # xs:short loses negatives, gains 32768-65535
         ((SHORT_COUNT, SHORT_COUNT.replace("xs:short", "xs:unsignedShort")),), "changed", "element",
         "sr:Read@D@/Count", "BR105 ELEMENT_SAME_TYPE", B, B, B, SHORT_COUNT, '<xs:element name="Count"',
         detail="xs:short -> xs:unsignedShort", base=((COUNT, SHORT_COUNT),)),
    Case("attribute-type-narrowed", ((INDEX, INDEX.replace("xs:int", "xs:short")),), "changed", "attribute",
         "sr:Read@D@@index", "BR120 TYPE_NARROWED", B, N, N, INDEX, '<xs:attribute name="index"',
         detail="xs:int -> xs:short"),
    Case("element-type-whitespace-changed", ((ITEM, ITEM.replace("xs:string", "xs:token")),), "changed", "element",
         "sr:Read@D@/Item", "BR105 ELEMENT_SAME_TYPE", N, N, N, ITEM, '<xs:element name="Item"',
         detail="xs:string -> xs:token"),  # every text is valid under both: no instance changes validity
    Case("base-widened", (('<xs:restriction base="xs:int">', '<xs:restriction base="xs:long">'),), "changed",
         "type", "sr:@D@Range", "BR119 TYPE_WIDENED", N, N, N, '<xs:simpleType name="@D@Range">',
         '<xs:simpleType name="@D@Range">', detail="base xs:int -> xs:long"),
    Case("base-narrowed", (('<xs:restriction base="xs:token"/>', '<xs:restriction base="xs:NCName"/>'),),
         "changed", "type", "sr:@D@Token", "BR120 TYPE_NARROWED", B, N, N, '<xs:simpleType name="@D@Token">',
         '<xs:simpleType name="@D@Token">', detail="base xs:token -> xs:NCName"),
    # occurrence: elements and attribute use
    Case("min-occurs-raised", ((NOTE, NOTE.replace(' minOccurs="0"', "")),), "changed", "occurrence",
         "sr:Read@D@/Note", "BR106 OCCURRENCE_NO_TIGHTEN", B, N, N, NOTE, '<xs:element name="Note"',
         detail="0..1 -> 1..1"),
    Case("max-occurs-lowered", ((COUNT, COUNT.replace('"3"', '"2"')),), "changed", "occurrence",
         "sr:Read@D@/Count", "BR106 OCCURRENCE_NO_TIGHTEN", B, N, N, COUNT, '<xs:element name="Count"',
         detail="1..3 -> 1..2"),
    Case("attribute-made-required", ((INDEX, INDEX.replace("/>", ' use="required"/>')),), "changed", "occurrence",
         "sr:Read@D@@index", "BR106 OCCURRENCE_NO_TIGHTEN", B, N, N, INDEX, '<xs:attribute name="index"',
         detail="optional -> required"),
    Case("min-occurs-lowered", ((ITEM, ITEM.replace("/>", ' minOccurs="0"/>')),), "changed", "occurrence",
         "sr:Read@D@/Item", "BR107 OCCURRENCE_LOOSENED", N, P, N, ITEM, '<xs:element name="Item"',
         detail="1..1 -> 0..1"),
    Case("max-occurs-raised", ((COUNT, COUNT.replace('"3"', '"unbounded"')),), "changed", "occurrence",
         "sr:Read@D@/Count", "BR107 OCCURRENCE_LOOSENED", N, P, N, COUNT, '<xs:element name="Count"',
         detail="1..3 -> 1..*"),
    Case("attribute-made-optional", ((MODE, MODE.replace(' use="required"', "")),), "changed", "occurrence",
         "sr:Read@D@@mode", "BR107 OCCURRENCE_LOOSENED", N, P, N, MODE, '<xs:attribute name="mode"',
         detail="required -> optional"),
    # value constraints: fixed narrows to one value, nillable admits xsi:nil
    Case("attribute-fixed-added", ((INDEX, INDEX.replace("/>", ' fixed="1"/>')),), "changed", "facet",
         "sr:Read@D@@index", "BR108 FACET_NO_TIGHTEN", B, N, N, INDEX, '<xs:attribute name="index"',
         detail="fixed None -> 1"),
    Case("element-made-nillable", ((ITEM, ITEM.replace("/>", ' nillable="true"/>')),), "changed", "occurrence",
         "sr:Read@D@/Item", "BR107 OCCURRENCE_LOOSENED", N, P, N, ITEM, '<xs:element name="Item"',
         detail="nillable False -> True"),
    # facets
    Case("max-inclusive-lowered", (('"48"', '"4"'),), "changed", "facet", "sr:@D@Range#maxInclusive",
         "BR108 FACET_NO_TIGHTEN", B, N, N, '<xs:maxInclusive', '<xs:maxInclusive', detail="48 -> 4"),
    Case("min-inclusive-raised", (('<xs:minInclusive value="0"/>', '<xs:minInclusive value="1"/>'),), "changed",
         "facet", "sr:@D@Range#minInclusive", "BR108 FACET_NO_TIGHTEN", B, N, N, '<xs:minInclusive',
         '<xs:minInclusive', detail="0 -> 1"),
    Case("max-length-lowered", (('"8"', '"4"'),), "changed", "facet", "sr:@D@Kind#maxLength",
         "BR108 FACET_NO_TIGHTEN", B, N, N, "<xs:maxLength", "<xs:maxLength", detail="8 -> 4"),
    Case("facet-added", (('<xs:maxLength value="8"/>', '<xs:maxLength value="8"/>\n    <xs:minLength value="2"/>'),),
         "added", "facet", "sr:@D@Kind#minLength", "BR108 FACET_NO_TIGHTEN", B, N, N, None, "<xs:minLength"),
    Case("max-inclusive-raised", (('"48"', '"100"'),), "changed", "facet", "sr:@D@Range#maxInclusive",
         "BR109 FACET_LOOSENED", N, P, N, '<xs:maxInclusive', '<xs:maxInclusive', detail="48 -> 100"),
    Case("min-inclusive-lowered", (('<xs:minInclusive value="0"/>', '<xs:minInclusive value="-5"/>'),), "changed",
         "facet", "sr:@D@Range#minInclusive", "BR109 FACET_LOOSENED", N, P, N, '<xs:minInclusive',
         '<xs:minInclusive', detail="0 -> -5"),
    Case("facet-removed", (('    <xs:maxLength value="8"/>\n', ""),), "removed", "facet", "sr:@D@Kind#maxLength",
         "BR109 FACET_LOOSENED", N, P, N, "<xs:maxLength", None),
    # additions
    Case("required-element-added", ((TOKEN, f'{TOKEN}\n    <xs:element name="Added" type="xs:string"/>'),),
         "added", "element", "sr:Read@D@/Added", "BR111 ELEMENT_REQUIRED_ADDED", B, B, B, None,
         '<xs:element name="Added"', detail="required element"),
    Case("required-attribute-added", ((MODE, f'{MODE}\n  <xs:attribute name="extra" type="xs:int" use="required"/>'),),
         "added", "attribute", "sr:Read@D@@extra", "BR111 ELEMENT_REQUIRED_ADDED", B, B, B, None,
         '<xs:attribute name="extra"', detail="required attribute"),
    Case("optional-element-added",
         ((TOKEN, f'{TOKEN}\n    <xs:element name="Added" type="xs:string" minOccurs="0"/>'),), "added", "element",
         "sr:Read@D@/Added", "BR112 ELEMENT_OPTIONAL_ADDED", N, P, N, None, '<xs:element name="Added"',
         detail="optional element"),
    Case("optional-attribute-added", ((MODE, f'{MODE}\n  <xs:attribute name="extra" type="xs:int"/>'),), "added",
         "attribute", "sr:Read@D@@extra", "BR112 ELEMENT_OPTIONAL_ADDED", N, P, N, None, '<xs:attribute name="extra"',
         detail="optional attribute"),
    Case("enum-value-added", (('<xs:enumeration value="E65"/>', '<xs:enumeration value="E65"/>\n    '
                               '<xs:enumeration value="E71"/>'),), "added", "enumeration value", "sr:@D@Codes=E71",
         "BR113 ENUM_VALUE_ADDED", N, P, N, None, '<xs:enumeration value="E71"/>', detail="E71"),
    # content model
    Case("elements-reordered", ((f"{ITEM}\n    {NOTE}", f"{NOTE}\n    {ITEM}"),), "changed", "content model",
         "sr:Read@D@", "BR114 CONTENT_MODEL_SAME", B, B, B, "<xs:sequence>", "<xs:sequence>", detail="reordered"),
    Case("group-ref-added", ((TOKEN, f'{TOKEN}\n    <xs:group ref="sr:@D@Extras"/>'),), "added", "content model",
         "sr:Read@D@/&@D@Extras", "BR114 CONTENT_MODEL_SAME", N, P, N, None, "<xs:group ref="),
    Case("group-ref-removed", (('\n    <xs:group ref="sr:@D@Extras"/>', ""),), "removed", "content model",
         "sr:Read@D@/&@D@Extras", "BR114 CONTENT_MODEL_SAME", B, N, N, "<xs:group ref=", None,
         base=((TOKEN, f'{TOKEN}\n    <xs:group ref="sr:@D@Extras"/>'),)),
    # derivation
    Case("base-changed", (('<xs:restriction base="xs:token"/>', '<xs:restriction base="xs:date"/>'),), "changed",
         "type", "sr:@D@Token", "BR115 TYPE_SAME_DERIVATION", B, N, N, '<xs:simpleType name="@D@Token">',
         '<xs:simpleType name="@D@Token">', detail="xs:token"),
    Case("content-made-mixed", (('<xs:complexType name="Read@D@">', '<xs:complexType name="Read@D@" mixed="true">'),),
         "changed", "type", "sr:Read@D@", "BR115 TYPE_SAME_DERIVATION", N, P, N, '<xs:complexType name="Read@D@"',
         '<xs:complexType name="Read@D@"', detail="mixed"),
    # a new global component: nothing existing changes (its use is reported by the element that uses it)
    Case("component-added",
         ((TOKEN, f'{TOKEN}\n    <xs:element name="Fresh" type="sr:@D@Fresh" minOccurs="0"/>'),
          (TOKEN_TYPE, TOKEN_TYPE + '<xs:simpleType name="@D@Fresh">\n  <xs:restriction base="xs:date"/>\n'
                                    "</xs:simpleType>\n")),
         "added", "type", "sr:@D@Fresh", "BR116 COMPONENT_ADDED", N, N, N, None, '<xs:simpleType name="@D@Fresh">',
         detail="simple type sr:@D@Fresh added", also=("BR112",)),
]  # fmt: skip


def expected_impact(case: Case, copy: str) -> str:
    if copy == "Shared":  # a type reached from both directions takes the stricter class
        return max(case.request, case.response, key=RANK.__getitem__)
    return {"Request": case.request, "Response": case.response, "Orphan": case.unreached}[copy]


@pytest.mark.parametrize("copy", COPIES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case, copy: str, diff, tmp_path: Path) -> None:
    old = schema(copy, case.base)
    new = schema(copy, case.base + case.edits)
    report = diff(old, new)
    rule_id = case.rule.split()[0]
    assert rule_ids(report) == sorted((rule_id, *case.also)), report["changes"]
    [change] = [c for c in report["changes"] if c["rule"] == rule_id]
    subject = case.subject.replace("@D@", copy)
    assert change["kind"] == case.kind
    assert change["component"] == case.component
    assert change["subject"].replace("/@", "@") == subject
    assert change["rule"] == rule_id
    assert get_rule(rule_id).name == case.rule.split()[1]  # type: ignore[union-attr]
    assert change["direction"] == DIRECTION[copy]
    assert change["impact"] == expected_impact(case, copy)
    assert case.detail.replace("@D@", copy) in change["detail"]
    if case.old_at is None:
        assert change["old"] is None
    else:
        assert same_file(change["old"], tmp_path / "old.xsd")
        assert change["old"]["line"] == line_in_copy(old, case.old_at, copy)
    if case.new_at is None:
        assert change["new"] is None
    else:
        assert same_file(change["new"], tmp_path / "new.xsd")
        assert change["new"]["line"] == line_in_copy(new, case.new_at, copy)


def test_every_change_rule_has_a_fixture() -> None:
    """BR110 (pattern), BR117/BR118 (imports) and BR190 (annotations) are tested below, on their own."""
    covered = {c.rule.split()[0] for c in CASES} | {"BR110", "BR117", "BR118", "BR190"}
    assert {r.id for r in all_rules(RuleKind.DIFF)} == covered


def test_a_type_reached_from_both_directions_takes_the_stricter_class(diff) -> None:
    tightened = diff(schema(), schema("Shared", (('"48"', '"4"'),)))["changes"]
    assert [(c["rule"][:5], c["direction"], c["impact"]) for c in tightened] == [("BR108", "both", B)]  # request's
    added = diff(schema(), schema("Shared", (('"E65"/>', '"E65"/><xs:enumeration value="E71"/>'),)))["changes"]
    assert [(c["rule"][:5], c["direction"], c["impact"]) for c in added] == [("BR113", "both", P)]  # response's


# --- patterns (BR110) and compositors (BR114) ------------------------------------------------------------------

PATTERN_EDIT = (('"[0-9A-F]{16}"', '"[0-9a-f]{16}"'),)


@pytest.mark.parametrize("copy", ["Request", "Response"])
def test_pattern_change_is_flagged_at_least_potentially_breaking(copy: str, diff) -> None:
    changes = diff(schema(), schema(copy, PATTERN_EDIT))["changes"]
    assert changes and all(c["component"] == "facet" and c["subject"].startswith(f"sr:{copy}Id#pattern")
                           for c in changes)  # fmt: skip
    assert max((c["impact"] for c in changes), key=RANK.__getitem__) in (P, B)


@pytest.mark.parametrize("copy", ["Request", "Response"])
def test_pattern_changed_is_one_BR110_change(copy: str, diff) -> None:  # noqa: N802
    changes = diff(schema(), schema(copy, PATTERN_EDIT))["changes"]
    assert [(c["kind"], c["component"], c["rule"], c["impact"]) for c in changes] == [
        ("changed", "facet", "BR110", B)  # upper-case hex digits for lower: each side rejects some of the other's
    ]
    assert "[0-9A-F]{16}" in changes[0]["detail"] and "[0-9a-f]{16}" in changes[0]["detail"]


SEQUENCE_TO_CHOICE = (
    ('<xs:sequence>\n    <xs:element name="Item', '<xs:choice>\n    <xs:element name="Item'),
    ('</xs:sequence>\n  <xs:attribute name="index', '</xs:choice>\n  <xs:attribute name="index'),
)


@pytest.mark.parametrize("copy", COPIES)
def test_compositor_change_is_breaking_content_model_change(copy: str, diff) -> None:
    changes = diff(schema(), schema(copy, SEQUENCE_TO_CHOICE))["changes"]
    assert changes
    assert {(c["component"], c["subject"], c["rule"], c["impact"], c["direction"]) for c in changes} == {
        ("content model", f"sr:Read{copy}", "BR114", B, DIRECTION[copy])
    }


def test_compositor_change_is_one_changed_record_naming_both_compositors(diff) -> None:
    changes = diff(schema(), schema("Request", SEQUENCE_TO_CHOICE))["changes"]
    assert [(c["kind"], c["component"], c["subject"]) for c in changes] == [
        ("changed", "content model", "sr:ReadRequest")
    ]
    assert "sequence" in changes[0]["detail"] and "choice" in changes[0]["detail"]


def test_a_repeated_element_name_is_an_element_added_not_a_reorder(diff) -> None:
    """A copy-and-paste slip (XS203: one name twice in a sequence) is shown as what it does to messages."""
    old, new = schema(), schema("Request", ((ITEM, f"{ITEM}\n    {ITEM}"),))
    [change] = diff(old, new)["changes"]
    assert (change["kind"], change["subject"], change["rule"]) == (
        "added", "sr:ReadRequest/Item[2]", "BR111")  # fmt: skip
    assert change["new"]["line"] == line_in_copy(new, ITEM, "Request") + 1


def test_a_renamed_element_that_repeats_another_is_hinted_as_such(diff) -> None:
    """The SubGHz slip: the fourth channel row renamed to a copy of the third."""
    second = ITEM.replace("Item", "Second")
    base = ((ITEM, f"{ITEM}\n    {second}"),)
    [change] = diff(schema("Request", base), schema("Request", ((ITEM, f"{ITEM}\n    {ITEM}"),)))["changes"]
    assert (change["component"], change["subject"], change["impact"]) == ("content model", "sr:ReadRequest", B)
    parts = change["parts"]  # one change to the content model, its syntactic parts each hinted
    assert {(c["kind"], c["subject"]) for c in parts} == {("removed", "sr:ReadRequest/Second"),
                                                          ("added", "sr:ReadRequest/Item[2]")}  # fmt: skip
    assert all("probably renamed" in c["detail"] for c in parts)
    assert not any(c["rule"].startswith("BR114") for c in parts)  # nothing was reordered


# --- imports (BR117, BR118) -----------------------------------------------------------------------------------

DSIG = "http://www.w3.org/2000/09/xmldsig#"
IMPORT = f'<xs:import namespace="{DSIG}"/>\n'


def test_import_removed_is_breaking(diff, tmp_path: Path) -> None:
    old = sr_schema(ROOTS, imports=IMPORT)
    [change] = diff(old, sr_schema(ROOTS))["changes"]
    assert (change["kind"], change["component"], change["subject"], change["rule"], change["impact"]) == (
        "removed", "import", DSIG, "BR117", B)  # fmt: skip
    assert same_file(change["old"], tmp_path / "old.xsd") and change["old"]["line"] == line_of(old, "<xs:import")
    assert change["new"] is None


def test_import_added_is_non_breaking(diff, tmp_path: Path) -> None:
    new = sr_schema(ROOTS, imports=IMPORT)
    [change] = diff(sr_schema(ROOTS), new)["changes"]
    assert (change["kind"], change["component"], change["subject"], change["rule"], change["impact"]) == (
        "added", "import", DSIG, "BR118", N)  # fmt: skip
    assert change["old"] is None
    assert same_file(change["new"], tmp_path / "new.xsd") and change["new"]["line"] == line_of(new, "<xs:import")


def test_import_removed_with_its_file_also_removes_its_components(diff, tmp_path: Path) -> None:
    from tests.conftest import RA_NS, ra_schema

    (tmp_path / "ra.xsd").write_text(ra_schema('<xs:simpleType name="Thing"><xs:restriction base="xs:string"/>'
                                               "</xs:simpleType>"), encoding="utf-8")  # fmt: skip
    old = sr_schema(ROOTS, imports=f'<xs:import namespace="{RA_NS}" schemaLocation="ra.xsd"/>\n')
    report = diff(old, sr_schema(ROOTS))
    assert sorted((c["rule"], c["subject"], c["impact"], c["direction"]) for c in report["changes"]) == [
        ("BR101", "ra:Thing", B, "none"),  # no root reaches it: still a removal
        ("BR117", RA_NS, B, "none"),
    ]


# --- renames ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("copy", ["Request", "Response"])
def test_renamed_element_is_removed_plus_added_with_a_hint(copy: str, diff) -> None:
    report = diff(schema(), schema(copy, ((ITEM, ITEM.replace("Item", "Thing")),)))
    [change] = report["changes"]  # one change to the content model: a required element replaced by another
    assert change["impact"] == B and change["subject"] == f"sr:Read{copy}"
    by_kind = {c["kind"]: c for c in change["parts"]}
    assert sorted(by_kind) == ["added", "removed"] and len(change["parts"]) == 2
    assert by_kind["removed"]["subject"] == f"sr:Read{copy}/Item"
    assert by_kind["removed"]["rule"] == "BR102"
    assert by_kind["removed"]["detail"].endswith("probably renamed to Thing")
    assert by_kind["added"]["subject"] == f"sr:Read{copy}/Thing"
    assert by_kind["added"]["rule"] == "BR111"
    assert by_kind["added"]["detail"].endswith("probably renamed from Item")


def test_no_rename_hint_when_shapes_differ(diff) -> None:
    report = diff(schema(), schema("Request", ((ITEM, '<xs:element name="Thing" type="xs:int"/>'),)))
    [change] = report["changes"]
    assert len(change["parts"]) == 2
    assert not any("renamed" in c["detail"] for c in change["parts"])


def test_renamed_attribute_has_a_hint(diff) -> None:
    report = diff(schema(), schema("Request", ((INDEX, INDEX.replace("index", "position")),)))
    [change] = report["changes"]  # one change to the attributes of sr:ReadRequest
    assert (change["component"], change["impact"]) == ("attributes", B)
    removed, added = sorted(change["parts"], key=lambda c: c["kind"], reverse=True)
    assert removed["rule"] == "BR103" and "probably renamed to" in removed["detail"]
    assert removed["detail"].endswith("position")
    assert added["rule"] == "BR112" and "probably renamed from" in added["detail"]
    assert added["detail"].endswith("index")


def test_no_rename_hint_between_attributes_of_unrelated_types(diff) -> None:
    old = schema()
    new = sr_schema(ROOTS + block("Shared") + block("Request", ((f"  {INDEX}\n", ""),))
                    + block("Response", ((INDEX, f'{INDEX}<xs:attribute name="other" type="xs:int"/>'),))
                    + block("Orphan"))  # fmt: skip
    report = diff(old, new)
    assert rule_ids(report) == ["BR103", "BR112"]
    assert not any("renamed" in c["detail"] for c in report["changes"]), report["changes"]


def test_renamed_global_type_has_a_hint(diff) -> None:
    edits = ((TOKEN, TOKEN.replace("@D@Token", "@D@Word")), ('<xs:simpleType name="@D@Token">',
                                                            '<xs:simpleType name="@D@Word">'))  # fmt: skip
    report = diff(schema(), schema("Response", edits))
    by_rule = {c["rule"]: c for c in report["changes"]}
    assert sorted(by_rule) == ["BR101", "BR105", "BR116"]
    assert "probably renamed to" in by_rule["BR101"]["detail"] and "ResponseWord" in by_rule["BR101"]["detail"]
    assert "probably renamed from" in by_rule["BR116"]["detail"]


# --- subjects and details ----------------------------------------------------------------------------------------


def test_attribute_subject_is_written_as_a_path(diff) -> None:
    [change] = diff(schema(), schema("Request", ((f"  {INDEX}\n", ""),)))["changes"]
    assert change["subject"] == "sr:ReadRequest/@index"


@pytest.mark.parametrize(("old_type", "new_type", "rule", "impact"),
                         [("xs:string", "xs:dateTime", "BR105", N),  # an alert that sends fewer texts
                          ("xs:long", "xs:int", "BR120", N)])  # fmt: skip
def test_global_element_type_changed(diff, tmp_path: Path, old_type: str, new_type: str, rule: str, impact: str):
    alert = f'<xs:element name="Alert" type="{old_type}"/>\n'
    old, new = sr_schema(ROOTS + alert), sr_schema(ROOTS + alert.replace(old_type, new_type))
    [change] = diff(old, new)["changes"]
    assert (change["kind"], change["component"], change["subject"], change["rule"]) == (
        "changed", "element", "sr:Alert", rule)  # fmt: skip
    assert (change["direction"], change["impact"]) == ("response", impact)  # a global element not named *Request
    assert change["old"]["line"] == change["new"]["line"] == line_of(old, '<xs:element name="Alert"')


def test_global_element_type_change_detail_reads_like_a_local_one(diff) -> None:
    alert = '<xs:element name="Alert" type="xs:string"/>\n'
    [change] = diff(sr_schema(ROOTS + alert), sr_schema(ROOTS + alert.replace("xs:string", "xs:token")))["changes"]
    assert change["detail"] == "sr:Alert type xs:string -> xs:token"


def test_global_element_referenced_only_from_a_request_is_request_only(diff) -> None:
    signed = ROOTS.replace(
        '<xs:element name="Body" type="sr:ReadRequest"/>',
        '<xs:element name="Body" type="sr:ReadRequest"/>\n    <xs:element ref="sr:Stamp"/>',
    )
    stamp = (
        '<xs:element name="Stamp" type="sr:StampType"/>\n<xs:simpleType name="StampType">\n'
        '  <xs:restriction base="xs:string"><xs:maxLength value="8"/></xs:restriction>\n</xs:simpleType>\n'
    )
    old = sr_schema(signed + stamp)
    [change] = diff(old, old.replace('"8"', '"9"'))["changes"]
    assert (change["rule"], change["direction"], change["impact"]) == ("BR109", "request", N)


# --- annotations (BR190) ----------------------------------------------------------------------------------------

SEQ = '<xs:sequence>\n    <xs:element name="Item"'


def _commented(text: str) -> str:
    return schema("Request", ((SEQ, f'<xs:sequence>\n    <!-- {text} -->\n    <xs:element name="Item"'),))


def test_comment_change_is_no_change_without_annotations(diff) -> None:
    assert diff(_commented("SR 2.10 the item"), _commented("SR 2.1 the item"))["changes"] == []


def test_comment_change_is_listed_with_annotations(diff, tmp_path: Path) -> None:
    old, new = _commented("SR 2.10 the item"), _commented("SR 2.1 the item")
    changes = diff(old, new, "--annotations")["changes"]
    assert {(c["kind"], c["component"], c["rule"], c["impact"]) for c in changes} == {
        ("removed", "annotation", "BR190", N),
        ("added", "annotation", "BR190", N),
    }
    assert len(changes) == 2
    removed = next(c for c in changes if c["kind"] == "removed")
    added = next(c for c in changes if c["kind"] == "added")
    assert "SR 2.10 the item" in removed["detail"] and "SR 2.1 the item" in added["detail"]
    assert "ReadRequest" in removed["subject"]
    assert same_file(removed["old"], tmp_path / "old.xsd") and removed["old"]["line"] == line_of(old, "<!--")
    assert same_file(added["new"], tmp_path / "new.xsd") and added["new"]["line"] == line_of(new, "<!--")


def test_annotations_flag_adds_no_other_change(diff) -> None:
    edit = ((f"    {ITEM}\n", ""),)
    plain = diff(schema(), schema("Request", edit))["changes"]
    with_flag = diff(schema(), schema("Request", edit), "--annotations")["changes"]
    assert plain == with_flag and rule_ids({"changes": plain}) == ["BR102"]


def _documented(text: str) -> str:
    return schema("Request", (('<xs:complexType name="Read@D@">',
                               f'<xs:complexType name="Read@D@">\n  <xs:annotation><xs:documentation>{text}'
                               "</xs:documentation></xs:annotation>"),))  # fmt: skip


def test_documentation_change_is_no_change_without_annotations(diff) -> None:
    assert diff(_documented("Reads a register"), _documented("Reads two registers"))["changes"] == []


def test_documentation_change_is_listed_with_annotations(diff) -> None:
    changes = diff(_documented("Reads a register"), _documented("Reads two registers"), "--annotations")["changes"]
    assert changes and all(c["rule"] == "BR190" and c["impact"] == N for c in changes)
    assert any("Reads two registers" in c["detail"] for c in changes)


def test_unchanged_top_level_comment_is_no_annotation_change(diff) -> None:
    text = sr_schema("<!-- Common Types -->\n" + ROOTS)
    assert diff(text, text, "--annotations")["changes"] == []


# --- what is not a change ------------------------------------------------------------------------------------------


def _prefix_renamed(text: str) -> str:
    return text.replace("xmlns:sr=", "xmlns:s=").replace('"sr:', '"s:')


def _attributes_reversed(text: str) -> str:
    def reverse(match: re.Match[str]) -> str:
        attributes = re.findall(r'\s+([\w:]+="[^"]*")', match.group(2))
        return f"<{match.group(1)}{''.join(' ' + a for a in reversed(attributes))}{match.group(3)}"

    return re.sub(r'<([\w:]+)((?:\s+[\w:]+="[^"]*")+)(\s*/?>)', reverse, text)


def _globals_reversed(text: str) -> str:
    root = etree.fromstring(text.encode("utf-8"))
    root[:] = list(reversed(root))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode")


def _reindented(text: str) -> str:
    head, _, rest = text.partition("\n")
    body = "\n\n".join("\t\t" + line.strip() for line in rest.splitlines())
    return head + "\n" + re.sub(r'" ', '"\n          ', body).replace("/>", " />")


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _defaults_written(text: str) -> str:
    local = r'<xs:element (?![^>]*{attr})(?![^>]*ref=)([^>]*name="(?!Request"|Response")[^>]*?)/>'
    text = re.sub(local.format(attr="minOccurs"), r'<xs:element \1 minOccurs="1"/>', text)
    text = re.sub(local.format(attr="maxOccurs"), r'<xs:element \1 maxOccurs="1"/>', text)
    text = re.sub(r'<xs:element name="(Request|Response)" ', r'<xs:element nillable="false" name="\1" ', text)
    text = re.sub(r"<xs:attribute (?![^>]*use=)([^>]*?)/>", r'<xs:attribute \1 use="optional"/>', text)
    text = re.sub(r'<xs:complexType name="([^"]*)">', r'<xs:complexType name="\1" mixed="false" abstract="false">',
                  text)  # fmt: skip
    return text.replace("<xs:sequence>", '<xs:sequence minOccurs="1" maxOccurs="1">')


def _comments_changed(text: str) -> str:
    return (text.replace("<xs:sequence>", "<xs:sequence><!-- the items -->")
            .replace("<xs:restriction", "<!-- SR 6.15.1 -->\n<xs:restriction"))  # fmt: skip


def _documentation_added(text: str) -> str:
    return re.sub(
        r'(<xs:simpleType name="[^"]*">)',
        r"\1<xs:annotation><xs:documentation>documented</xs:documentation></xs:annotation>",
        text,
    )


def _all_at_once(text: str) -> str:
    for transform in (_comments_changed, _defaults_written, _prefix_renamed, _attributes_reversed, _globals_reversed,
                      _reindented, _crlf):  # fmt: skip
        text = transform(text)
    return text


NO_CHANGE = [_prefix_renamed, _attributes_reversed, _globals_reversed, _reindented, _crlf, _defaults_written,
             _comments_changed, _documentation_added, _all_at_once]  # fmt: skip


@pytest.mark.parametrize("transform", NO_CHANGE, ids=lambda f: f.__name__.strip("_"))
def test_formatting_is_no_change(transform, diff) -> None:  # noqa: ANN001
    old = schema(extra='<xs:attributeGroup name="Flags">\n  <xs:attribute name="on" type="xs:boolean"/>\n'
                       "</xs:attributeGroup>\n")  # fmt: skip
    new = transform(old)
    assert new != old
    assert diff(old, new)["changes"] == []


@pytest.mark.parametrize("transform", [_prefix_renamed, _globals_reversed, _crlf], ids=lambda f: f.__name__.strip("_"))
def test_formatting_does_not_hide_a_real_change(transform, diff) -> None:  # noqa: ANN001
    report = diff(schema(), transform(schema("Response", (('    <xs:enumeration value="E64"/>\n', ""),))))
    assert [(c["rule"], c["impact"], c["subject"].split(":", 1)[1]) for c in report["changes"]] == [
        ("BR104", N, "ResponseCodes=E64")  # a response that sends fewer codes: every receiver still accepts it
    ]


# --- exit codes, output, failures ---------------------------------------------------------------------------------

EVERY_IMPACT = (("Request", (f"    {ITEM}\n", "")),  # breaking
                ("Response", ('<xs:enumeration value="E65"/>', '<xs:enumeration value="E65"/><xs:enumeration value="E71"/>')),
                ("Orphan", ('<xs:enumeration value="E65"/>', '<xs:enumeration value="E65"/><xs:enumeration value="E71"/>')))  # fmt: skip


def _set_with(*changes: tuple[str, tuple[str, str]]) -> str:
    edits = {copy: (edit,) for copy, edit in changes}
    return sr_schema(ROOTS + "".join(block(c, edits.get(c, ())) for c in COPIES))


@pytest.mark.parametrize(
    ("present", "fail_on", "code"),
    [
        ((0, 1, 2), "breaking", 1), ((0, 1, 2), "potentially-breaking", 1), ((0, 1, 2), "any", 1),
        ((0, 1, 2), "never", 0), ((0, 1, 2), None, 1),
        ((1, 2), "breaking", 0), ((1, 2), "potentially-breaking", 1), ((1, 2), "any", 1), ((1, 2), "never", 0),
        ((1, 2), None, 0),
        ((2,), "breaking", 0), ((2,), "potentially-breaking", 0), ((2,), "any", 1), ((2,), "never", 0),
        ((), "breaking", 0), ((), "potentially-breaking", 0), ((), "any", 0), ((), "never", 0),
    ],
)  # fmt: skip
def test_exit_codes(present: tuple[int, ...], fail_on: str | None, code: int, tmp_path: Path) -> None:
    old, new = tmp_path / "old.xsd", tmp_path / "new.xsd"
    old.write_text(schema(), encoding="utf-8")
    new.write_text(_set_with(*(EVERY_IMPACT[i] for i in present)), encoding="utf-8")
    flags = ["--fail-on", fail_on] if fail_on else []
    result = cli("diff", old, new, "--format", "json", *flags)
    assert result.code == code
    impacts = {c["impact"] for c in result.json()["changes"]}
    assert impacts == {(B, P, N)[i] for i in present}


def _broken_side(folder: Path, problem: str) -> Path:
    if problem == "missing":
        return folder / "nowhere.xsd"
    if problem == "empty-folder":
        (folder / "empty").mkdir()
        return folder / "empty"
    text = {
        "malformed": "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>",
        "not-an-xsd": "<note/>",
        "missing-include": sr_schema(ROOTS, imports='<xs:include schemaLocation="gone.xsd"/>\n'),
    }[problem]
    (folder / "bad.xsd").write_text(text, encoding="utf-8")
    return folder / "bad.xsd"


LOAD_PROBLEMS = ["malformed", "missing", "not-an-xsd", "empty-folder", "missing-include"]


@pytest.mark.parametrize("problem", LOAD_PROBLEMS)
@pytest.mark.parametrize("broken", ["old", "new"])
def test_side_that_fails_to_load_is_exit_2_and_writes_nothing(broken: str, problem: str, tmp_path: Path) -> None:
    good = tmp_path / "good.xsd"
    good.write_text(schema(), encoding="utf-8")
    bad = _broken_side(tmp_path, problem)
    old, new = (bad, good) if broken == "old" else (good, bad)
    out_json, out_md = tmp_path / "out" / "diff.json", tmp_path / "out" / "diff.md"
    result = cli("diff", old, new, "--format", "json", "-o", out_json, "--format", "markdown", "-o", out_md,
                 "--fail-on", "never")  # fmt: skip
    assert result.code == 2
    assert_failure_report(out_json, result.err)
    assert_failure_report(out_md, result.err)
    assert result.out == ""
    assert "error" in result.err and "internal error" not in result.err
    assert bad.name in result.err


def test_side_that_fails_to_load_to_stdout_prints_no_report(tmp_path: Path) -> None:
    good = tmp_path / "good.xsd"
    good.write_text(schema(), encoding="utf-8")
    result = cli("diff", good, tmp_path / "nowhere.xsd", "--format", "json")
    assert result.code == 2
    assert result.out == ""


def test_git_side_that_does_not_resolve_is_exit_2(tmp_path: Path) -> None:
    good = tmp_path / "good.xsd"
    good.write_text(schema(), encoding="utf-8")
    out = tmp_path / "diff.json"
    result = cli("diff", "no-such-revision-xyz:schemas", good, "--format", "json", "-o", out)
    assert result.code == 2
    assert result.out == ""
    assert_failure_report(out, result.err)


def test_json_shape(tmp_path: Path) -> None:
    old, new, out = tmp_path / "old.xsd", tmp_path / "new.xsd", tmp_path / "diff.json"
    old.write_text(schema(), encoding="utf-8")
    new.write_text(_set_with(*EVERY_IMPACT), encoding="utf-8")
    result = cli("diff", old, new, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.code == 0
    assert result.out == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"tool", "old", "new", "changes", "summary", "complete"}
    assert report["complete"] is True
    assert report["tool"]["name"] == "duislint" and report["tool"]["version"]
    assert (report["old"], report["new"]) == (str(old), str(new))
    assert len(report["changes"]) == 3
    for change in report["changes"]:
        assert {"kind", "component", "subject", "impact", "rule", "detail", "old", "new"} <= set(change)
        assert change["kind"] in ("added", "removed", "changed")
        assert change["impact"] in (B, P, N)
        assert re.fullmatch(r"BR\d{3}", change["rule"])
        for side in ("old", "new"):
            assert change[side] is None or (set(change[side]) == {"path", "line"} and change[side]["line"] >= 1)
    assert report["summary"] == {B: 1, P: 1, N: 1}
    assert sum(report["summary"].values()) == len(report["changes"])


def test_json_is_identical_on_stdout_and_in_a_file(tmp_path: Path) -> None:
    old, new, out = tmp_path / "old.xsd", tmp_path / "new.xsd", tmp_path / "diff.json"
    old.write_text(schema(), encoding="utf-8")
    new.write_text(_set_with(*EVERY_IMPACT), encoding="utf-8")
    printed = cli("diff", old, new, "--format", "json", "--fail-on", "never").out
    cli("diff", old, new, "--format", "json", "-o", out, "--fail-on", "never")
    assert out.read_text(encoding="utf-8") == printed


def test_markdown_has_one_section_per_impact(tmp_path: Path) -> None:
    old, new = tmp_path / "old.xsd", tmp_path / "new.xsd"
    old.write_text(schema(), encoding="utf-8")
    new.write_text(_set_with(*EVERY_IMPACT), encoding="utf-8")
    result = cli("diff", old, new, "--format", "markdown", "--fail-on", "never")
    assert result.code == 0
    text = result.out
    headings = re.findall(r"^#+ .*$", text, flags=re.M)
    sections = [h for h in headings if h.startswith("### ")]
    assert sections == ["### Breaking", "### Potentially breaking", "### Non-breaking"]
    parts = dict(zip(sections, re.split(r"^### .*$", text, flags=re.M)[1:], strict=True))
    assert "`sr:ReadRequest/Item`" in parts["### Breaking"]
    assert "`sr:ResponseCodes=E71`" in parts["### Potentially breaking"]
    assert "`sr:OrphanCodes=E71`" in parts["### Non-breaking"]
    assert "**1** breaking, **1** potentially breaking, **1** non-breaking" in text


def test_markdown_of_no_changes(tmp_path: Path) -> None:
    old = tmp_path / "old.xsd"
    old.write_text(schema(), encoding="utf-8")
    result = cli("diff", old, old, "--format", "markdown")
    assert result.code == 0
    text = result.out
    assert "###" not in text and "No schema changes." in text


def test_text_lists_rules_by_impact(tmp_path: Path) -> None:
    old, new = tmp_path / "old.xsd", tmp_path / "new.xsd"
    old.write_text(schema(), encoding="utf-8")
    new.write_text(_set_with(*EVERY_IMPACT), encoding="utf-8")
    result = cli("diff", old, new)
    assert result.code == 1  # default format text, default --fail-on breaking
    text = result.out
    assert text.index("Breaking:") < text.index("BR102") < text.index("Potentially breaking:") < text.index("BR113")
    assert text.rstrip().endswith("3 change(s): 1 breaking, 1 potentially breaking, 1 non-breaking")


def test_element_rename_and_component_rename_in_one_diff(tmp_path: Path) -> None:
    """Found by the long fuzz profile: an element rename hint followed by the global-component hints crashed."""
    old, new = tmp_path / "old.xsd", tmp_path / "new.xsd"
    old.write_text(schema(), encoding="utf-8")
    renamed = schema().replace('<xs:element name="Request"', '<xs:element name="ACBFloorSeqNumber"', 1)
    renamed = renamed.replace('<xs:element name="Item"', '<xs:element name="Items"', 1)  # a local rename too
    assert renamed.count("Items") == 1
    new.write_text(renamed, encoding="utf-8")
    result = cli("diff", old, new, "--format", "json", "--fail-on", "never")
    assert result.code == 0
    changes = result.json()["changes"]
    assert any(c["kind"] == "removed" for c in changes) and any(c["kind"] == "added" for c in changes)


def test_a_global_element_widened_and_fixed_reports_both(diff) -> None:
    """A widened type must not hide the value constraint added with it: one change to the declaration, judged as
    a whole (only 5 is sent now: no receiver rejects it; a request of any other value is rejected)."""
    for name, impact in (("Amount", N), ("AmountRequest", B)):
        amount = f'<xs:element name="{name}" type="xs:int"/>\n'
        old, new = sr_schema(ROOTS + amount), sr_schema(ROOTS + amount.replace('"xs:int"', '"xs:long" fixed="5"'))
        [change] = diff(old, new)["changes"]
        assert sorted(p["rule"] for p in change["parts"]) == ["BR108", "BR119"]
        assert (change["component"], change["impact"]) == ("declaration", impact)


def test_a_change_to_the_second_of_two_sibling_choices_is_reported(diff) -> None:
    """Sibling compositors of one kind are numbered as repeated elements are (choice, choice[2])."""
    two = ('<xs:element name="Pick"><xs:complexType><xs:sequence>'
           '<xs:choice><xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:string"/></xs:choice>'
           '<xs:choice><xs:element name="C" type="xs:string"/><xs:element name="D" type="xs:string"/></xs:choice>'
           "</xs:sequence></xs:complexType></xs:element>\n")  # fmt: skip
    optional = two.replace('<xs:choice><xs:element name="C"', '<xs:choice minOccurs="0"><xs:element name="C"')
    [change] = diff(sr_schema(ROOTS + two), sr_schema(ROOTS + optional))["changes"]
    assert (change["subject"], change["rule"]) == ("sr:Pick/choice[2]", "BR107")
