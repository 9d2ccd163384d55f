"""NM1xx: names and words of the schema set are spelt right, and one concept is spelt one way.

Names of types, elements, attributes, groups and enumeration values are split into words at case changes, digits
and underscores; each word is checked against a British English dictionary (duislint.lexicon), DUIS's own
vocabulary, the configured words and the words the set itself uses in several names. Names the set takes from
W3C schemas (XML Signature) are not the set's to respell and are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Literal

from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.spelling import Correction, Speller, Word, american_variant, edits, respelt_name, vocabulary, words_of
from duislint.xsd.components import AttributeGroupDef
from duislint.xsd.model import Source

NameKind = Literal["type", "element", "attribute", "group", "attribute group", "enumeration value"]
_FOREIGN = "http://www.w3.org/"  # XML Signature and the like: another body's names
_KINDS: dict[str, NameKind] = {"type": "type", "group": "group", "attributeGroup": "attribute group",
                               "attribute": "attribute"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Name:
    """A name of one kind, with every place that defines it (document order)."""

    kind: NameKind
    text: str
    shown: str  # as DUIS writes it, with the first definition's context: sr:Type, sr:Request/Body/X
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Names:
    """The set's own names by kind, its vocabulary, and the speller for the run."""

    names: tuple[Name, ...]
    speller: Speller
    separate: frozenset[str]  # words the set writes on their own
    compounds: tuple[str, ...]
    owned: frozenset[str]  # the documents whose names and comments are the set's own (not W3C's)


def collect_names(context: CheckContext) -> Names:
    model = context.model
    owned = frozenset(d.path for d in model.documents if not (d.target_namespace or "").startswith(_FOREIGN))
    found: dict[tuple[NameKind, str], list[tuple[Source, str]]] = {}

    def add(kind: NameKind, text: str, source: Source, shown: str) -> None:
        if source.path in owned and text:
            found.setdefault((kind, text), []).append((source, shown))

    for component in model.components:
        kind = _KINDS.get(component.family)
        if kind is not None:
            add(kind, component.name.local, component.source, model.show(component.name))
        if isinstance(component.definition, AttributeGroupDef):
            for attribute in component.definition.attributes:
                if attribute.ref is None:
                    add("attribute", attribute.name.local, attribute.source, attribute.context)
    for element in model.elements:
        if element.ref is None:
            add("element", element.name.local, element.source, element.context)
    for type_def in model.types:
        for attribute in type_def.attributes:
            if attribute.ref is None and not attribute.is_global:
                add("attribute", attribute.name.local, attribute.source, attribute.context)
    for value in model.enumerations:
        add("enumeration value", value.value, value.source, f"{value.owner_context} '{value.value}'")
    order = {d.path: i for i, d in enumerate(model.documents)}
    names = []
    for (kind, text), places in found.items():
        places.sort(key=lambda p: (order.get(p[0].path, 0), p[0].line))
        distinct = {(p[0].path, p[0].line): p[0] for p in places}  # by value: Source's own hash is slow here
        names.append(Name(kind, text, places[0][1], tuple(distinct.values())))
    names.sort(key=lambda n: (order.get(n.sources[0].path, 0), n.sources[0].line, n.kind, n.text))
    lexicon = context.lexicon
    compounds = lexicon.compounds
    counts = vocabulary((n.text for n in names), compounds)
    speller = Speller(lexicon.dictionary, lexicon.extra, counts)
    return Names(tuple(names), speller, frozenset(counts), compounds, owned)


@rule("NM101", "misspelt-name", Severity.WARNING, "names")
def misspelt_name(context: CheckContext) -> Iterator[Hit]:
    """A word of a type, element, attribute, group or enumeration value name is not a word, but one edit or one
    transposition away from one (or two words are run together).

    Why:
        A misspelt name is copied into every message, every implementation and the specification's tables; once
        published it can only be corrected by a breaking change. A word is known when a British English
        dictionary has it, DUIS's vocabulary or the configuration (`words = [...]`) lists it, or the set uses it
        in three or more names; an unknown word is reported only when it is near a known one, with the corrected
        name as the suggestion, once where the name is first defined. American spellings (authorized) are words,
        not misspellings; a type named after its element (NM103) and a second spelling of a name the set also
        writes otherwise (NM102) are reported by those rules instead.

    Bad:
        <xs:complexType name="SetDeviceConfiguratinExportMPAN">
        <xs:element name="MessageCodeofCommandReceived" type="ra:MessageCodeType"/>

    Good:
        <xs:complexType name="SetDeviceConfigurationExportMPAN">
        <xs:element name="MessageCodeOfCommandReceived" type="ra:MessageCodeType"/>
    """
    found = context.memo(collect_names)
    after_element = {pair.type_name for pair in context.memo(type_element_pairs)}
    spelt_otherwise = {(minority.kind, minority.text) for minority, _, _ in context.memo(spelt_two_ways)}
    distinct = {w.text for name in found.names for w in words_of(name.text, found.compounds)}
    wrong = {text for text in distinct if found.speller.correction(Word(text, 0), found.separate) is not None}
    for name in found.names:
        if (name.kind == "type" and name.text in after_element) or (name.kind, name.text) in spelt_otherwise:
            continue  # NM103 or NM102 says it better: a type named after its element, a second spelling
        words = words_of(name.text, found.compounds)
        if not any(w.text in wrong for w in words):  # most names: each distinct word is looked at once
            continue
        for word in words:
            correction = found.speller.correction(word, found.separate)
            if correction is None:
                continue
            fixed = respelt_name(name.text, correction)
            yield Hit(
                f"{name.kind} name '{name.text}': {_what(correction)}; did you mean '{fixed}'?",
                name.shown,
                name.sources[0],
                related=name.sources[1:],
                suggestion=fixed,
            )
            break  # one finding per name: its first misspelt word (the suggestion corrects that one)


def _what(correction: Correction) -> str:
    word = correction.word.text
    if correction.run_together is not None:
        head, tail = correction.run_together
        return f"'{word}' runs two words together ({head}, {tail})"
    others = [correction.respelt(c) for c in correction.candidates[1:4]]
    also = f" (or {', '.join(repr(o) for o in others)})" if others else ""
    return f"'{word}' is not a word, '{correction.respelt(correction.candidates[0])}'{also} is"


# --- NM102 ------------------------------------------------------------------------------------------------------


def _concept(text: str) -> str:
    """What a name means, spelling aside: case, and British or American -ise/-our, do not count."""
    lower = text.lower()
    return re.sub(r"our", "or", re.sub(r"(?<=[iy])z", "s", lower))


@rule("NM102", "name-spelt-two-ways", Severity.WARNING, "names")
def name_spelt_two_ways(context: CheckContext) -> Iterator[Hit]:
    """Two names of one kind (element with element, attribute with attribute, type with type) differ only in
    case or in a known variant (Id/ID, TimeStamp/Timestamp, authorise/authorize).

    Why:
        XML names are case-sensitive: a message that writes `<sr:TimeStamp>` where another request writes
        `<sr:Timestamp>` is invalid, and implementers who map one concept to one field trip over the second
        spelling. The spelling used in fewer places is reported, each place it is used listed, with the other as
        the suggestion. Where both are used equally often, a type keeps the spelling of the element named like it
        (renaming a type breaks no message, renaming an element does), else the spelling the set's other names
        use for the differing word decides; where that ties too no spelling is suggested.

    Bad:
        <xs:element name="Timestamp" type="xs:dateTime"/>      <!-- in 20 places -->
        <xs:element name="TimeStamp" type="xs:dateTime"/>      <!-- in 3 places -->

    Good:
        <xs:element name="Timestamp" type="xs:dateTime"/>      <!-- everywhere -->
    """
    for minority, majority, tied in context.memo(spelt_two_ways):
        count, other = len(minority.sources), len(majority.sources)
        yield Hit(
            f"{minority.kind} name '{minority.text}' ({_places(count)}) is spelt '{majority.text}' in "
            f"{_places(other)}: one concept, one spelling"
            + (" (used as often each; the set's other names do not decide)" if tied else ""),
            minority.shown,
            minority.sources[0],
            related=minority.sources[1:] + majority.sources[:1],
            suggestion=None if tied else majority.text,
        )


def spelt_two_ways(context: CheckContext) -> list[tuple[Name, Name, bool]]:
    """(minority spelling, majority spelling, tied) for every name of one kind spelt two ways."""
    found = context.memo(collect_names)
    token_counts: Counter[str] = Counter()
    for name in found.names:
        token_counts.update(w.text for w in words_of(name.text, found.compounds))
    # a type spelt as an element is named keeps that spelling in a tie: renaming a type breaks no message
    element_names = {name.text for name in found.names if name.kind == "element"}
    groups: dict[tuple[NameKind, str], list[Name]] = {}
    for name in found.names:
        if name.kind != "enumeration value":  # values of different code lists are different data
            groups.setdefault((name.kind, _concept(name.text)), []).append(name)
    pairs: list[tuple[Name, Name, bool]] = []
    for spellings in groups.values():
        if len(spellings) < 2:
            continue

        weights = {id(n): (len(n.sources), int(n.kind == "type" and n.text in element_names),
                           _word_support(n, spellings, token_counts, found.compounds)) for n in spellings}  # fmt: skip
        ranked = sorted(spellings, key=lambda n: tuple(-w for w in weights[id(n)]))
        tied = weights[id(ranked[0])] == weights[id(ranked[1])]
        majority = spellings[0] if tied else ranked[0]  # a tie: the first defined is the one compared with
        pairs.extend((minority, majority, tied) for minority in spellings if minority is not majority)
    return pairs


def _places(count: int) -> str:
    return f"{count} place{'s' if count != 1 else ''}"


def _word_support(name: Name, spellings: list[Name], counts: Counter[str], compounds: tuple[str, ...]) -> int:
    """How often the set's names write the words where this spelling differs from the others as it does."""
    own = [w.text for w in words_of(name.text, compounds)]
    others = {w.text for n in spellings if n is not name for w in words_of(n.text, compounds)}
    return sum(counts[w] for w in own if w not in others)


# --- NM103 ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeAfterElement:
    """An element whose named type is its own name spelt differently."""

    element: str
    element_source: Source
    type_name: str
    type_shown: str
    type_source: Source | None


def type_element_pairs(context: CheckContext) -> list[TypeAfterElement]:
    model = context.model
    found = context.memo(collect_names)
    owned_types = {n.text for n in found.names if n.kind == "type"}
    pairs: dict[str, TypeAfterElement] = {}
    for element in model.elements:
        target = element.type_name
        if element.ref is not None or target is None or target.local not in owned_types or target.local in pairs:
            continue
        if _near_miss(element.name.local, target.local, found):
            definition = model.named_type(target)
            pairs[target.local] = TypeAfterElement(
                element.name.local, element.source, target.local, model.show(target),
                definition.source if definition else None,
            )  # fmt: skip
    return sorted(pairs.values(), key=lambda p: (p.type_source or p.element_source).line)


def _near_miss(element: str, type_name: str, found: Names) -> bool:
    """The type is the element's name (maybe + 'Type') spelt differently: in case only, or one of its words one
    edit away from the element's and no word itself."""
    stem = type_name[: -len("Type")] if type_name.endswith("Type") and len(type_name) > 4 else type_name
    if stem == element:
        return False
    if stem.lower() == element.lower():
        return True
    ours = [w.text for w in words_of(stem, found.compounds)]
    theirs = [w.text for w in words_of(element, found.compounds)]
    if len(ours) != len(theirs) or re.sub(r"[A-Za-z]", "", stem) != re.sub(r"[A-Za-z]", "", element):
        return False
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    if len(differing) != 1:
        return False
    mine, wanted = differing[0]
    return (
        not found.speller.known(mine)
        and wanted.lower() in edits(mine.lower())
        and not american_variant(mine.lower(), wanted.lower())
    )


@rule("NM103", "type-name-differs-from-element", Severity.WARNING, "names")
def type_name_differs_from_element(context: CheckContext) -> Iterator[Hit]:
    """A type named after the element that uses it is spelt differently: element X of type Y, where Y is X in
    another case, or X with one word misspelt.

    Why:
        DUIS names a body's type after its element (`SetCHFSubGHzConfiguration` of type
        `sr:SetCHFSubGHzConfiguration`); a type that spells the name differently is a typo that readers copy
        into code generated from the schema and into the specification's tables. Renaming the type breaks no
        message (messages carry element names, not type names), so the element's spelling is the fix.

    Bad:
        <xs:element name="SetDeviceConfigurationExportMPAN" type="sr:SetDeviceConfiguratinExportMPAN"/>

    Good:
        <xs:element name="SetDeviceConfigurationExportMPAN" type="sr:SetDeviceConfigurationExportMPAN"/>
    """
    for pair in context.memo(type_element_pairs):
        stem_fixed = pair.element + ("Type" if pair.type_name.endswith("Type") else "")
        yield Hit(
            f"type {pair.type_shown} is named after element {pair.element} but spelt '{pair.type_name}'; the "
            f"element spells it '{pair.element}'",
            pair.type_shown,
            pair.type_source or pair.element_source,
            related=(pair.element_source,),
            suggestion=stem_fixed,
        )


# --- NM104 ------------------------------------------------------------------------------------------------------

_TEXT_WORD = re.compile(r"(?<![\w.'/-])[A-Za-z][a-z]+(?![\w'/-])")


@rule("NM104", "misspelt-word-in-comment", Severity.INFO, "names")
def misspelt_word_in_comment(context: CheckContext) -> Iterator[Hit]:
    """A word of a comment or xs:documentation is not a word, but one edit or one transposition away from one.

    Why:
        The schema's comments and documentation are read next to the specification, and copied into it; a
        typo there is a typo in the next housekeeping log. Names written in comments (camel case), acronyms and
        words the set's names use are known; each misspelt word is reported once, where it is first written,
        with the other places listed.

    Bad:
        <!-- Retruned by device alert 0x8F85 -->

    Good:
        <!-- Returned by device alert 0x8F85 -->
    """
    found = context.memo(collect_names)
    places: dict[str, list[Source]] = {}
    verdicts: dict[str, Correction | None] = {}  # each distinct word is looked at once
    for comment in context.model.comments:
        if comment.source.path not in found.owned:
            continue
        for match in _TEXT_WORD.finditer(comment.text):
            lower = match.group().lower()
            if lower not in verdicts:
                correction = found.speller.correction(words_of(match.group())[0])
                verdicts[lower] = correction if correction is not None and correction.candidates else None
            if verdicts[lower] is not None:
                places.setdefault(lower, []).append(comment.source)
    corrections = {lower: c for lower, c in verdicts.items() if c is not None}
    for lower, correction in corrections.items():
        sources = tuple(dict.fromkeys(places[lower]))
        word = correction.word.text
        best = correction.respelt(correction.candidates[0])
        yield Hit(
            f"'{word}' in a comment is not a word; did you mean '{best}'?"
            + (f" ({len(sources)} places)" if len(sources) > 1 else ""),
            word,
            sources[0],
            related=sources[1:],
            suggestion=best,
        )
