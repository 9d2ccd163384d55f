"""XS2xx: duplicates: global definitions, enumeration values, element names in one content model."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from duislint.findings import Severity
from duislint.rules import CheckContext, Hit, rule
from duislint.xsd.components import Component, GroupDef, Particle, TypeDef
from duislint.xsd.model import QName, SchemaModel, Source
from duislint.xsd.queries import extension_chain, group_content

_KIND_NOUN = {"complexType": "complex type", "simpleType": "simple type", "element": "element", "group": "group",
              "attributeGroup": "attribute group", "attribute": "attribute"}  # fmt: skip


@rule("XS201", "duplicate-global-definition", Severity.ERROR, "schema")
def duplicate_global_definition(context: CheckContext) -> Iterator[Hit]:
    """The same global name is defined twice in one symbol space (two types, two elements, two groups...).

    Why:
        XSD forbids it; processors disagree on which definition wins (libxml2 rejects the set, some Java
        processors keep the first), so two DCC Users can validate the same message differently.

    Bad:
        <xs:simpleType name="ExportMPAN">...</xs:simpleType>
        <xs:simpleType name="ExportMPAN">...</xs:simpleType>

    Good:
        <xs:simpleType name="ExportMPAN">...</xs:simpleType>
    """
    model = context.model
    by_name: dict[tuple[str, QName], list[Component]] = defaultdict(list)
    for component in model.components:
        by_name[(component.family, component.name)].append(component)
    for (_, name), components in by_name.items():
        first, *others = components
        for other in others:
            yield Hit(
                f"{_KIND_NOUN[other.kind]} '{model.show(name)}' is defined again "
                f"(first as {_KIND_NOUN[first.kind]} at {first.source})",
                model.show(name),
                other.source,
                related=(first.source,),
            )


@rule("XS202", "duplicate-enumeration-value", Severity.ERROR, "schema")
def duplicate_enumeration_value(context: CheckContext) -> Iterator[Hit]:
    """An enumeration lists the same value twice (a response code, alert code, SRV or any other value).

    Why:
        A repeated code usually hides a typo for a missing one (E64 listed twice instead of E64 and E65), and code
        generators that map enumerations to constants fail on it.

    Bad:
        <xs:enumeration value="E64"/>
        <xs:enumeration value="E64"/>

    Good:
        <xs:enumeration value="E64"/>
        <xs:enumeration value="E65"/>
    """
    for typedef in context.model.types:
        seen: dict[str, Source] = {}
        for enum in typedef.enumerations:
            if enum.value in seen:
                yield Hit(
                    f"enumeration value '{enum.value}' is listed twice in {typedef.context} (first at line "
                    f"{seen[enum.value].line})",
                    f"{typedef.context}={enum.value}",
                    enum.source,
                    related=(seen[enum.value],),
                )
            else:
                seen[enum.value] = enum.source


@rule("XS203", "repeated-element-name", Severity.WARNING, "schema")
def repeated_element_name(context: CheckContext) -> Iterator[Hit]:
    """The same element name can occur twice in one content model, after expanding group refs and base types.

    Why:
        Legal XSD, but in DUIS every data item is named once per message part: a repeated name (a channel element
        listed twice, or redeclared in an extension of a base that already has it) is a copy-and-paste defect,
        makes the specification's data-item table ambiguous, and breaks code generators that map elements to fields.

    Bad:
        <xs:sequence>
          <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/>
          <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/>
        </xs:sequence>

    Good:
        <xs:sequence>
          <xs:element name="LowerBandSubGHzChannels0To26" type="sr:Channels0To26"/>
          <xs:element name="UpperBandSubGHzChannels0To26" type="sr:Channels0To26"/>
        </xs:sequence>
    """
    model = context.model
    owners = [(t.context, t.content, _content_chain(model, t)) for t in model.types if t.kind == "complex"]
    owners += [(g.context, g.content, [g.content]) for g in _groups(model)]
    for owner, own_content, chain in owners:
        parts = _parts(model, own_content, chain[1:])
        for name, sources in _occurrences(model, chain).items():
            # reported where the repeat is made: a repeat wholly inside one group or one base type is reported
            # there, not again in every type that uses that group or extends that base
            if len(sources) < 2 or any(set(sources) <= part for part in parts):
                continue
            first, *others = sources
            yield Hit(
                f"element '{name.local}' can occur {len(sources)} times in the content of {owner} (first at {first})",
                f"{owner}/{name.local}",
                others[0],
                related=(first, *others[1:]),
            )


def _groups(model: SchemaModel) -> list[GroupDef]:
    return [c.definition for c in model.components if isinstance(c.definition, GroupDef)]


def _parts(model: SchemaModel, own: Particle | None, bases: list[Particle | None]) -> list[set[Source]]:
    """The element declarations each referenced group, and the base chain, contribute on their own."""
    parts = [{s for found in _occurrences(model, bases).values() for s in found}] if bases else []
    for ref in _group_refs(own):
        parts.append({s for found in _occurrences(model, [ref]).values() for s in found})
    return parts


def _group_refs(particle: Particle | None) -> list[Particle]:
    if particle is None:
        return []
    if particle.kind == "group":
        return [particle]
    return [ref for child in particle.children for ref in _group_refs(child)]


def _content_chain(model: SchemaModel, typedef: TypeDef) -> list[Particle | None]:
    """The type's own content model followed by those of the bases it extends."""
    return [part.content for part in extension_chain(model, typedef) if part.content is not None]


def _occurrences(model: SchemaModel, particles: list[Particle | None]) -> dict[QName, list[Source]]:
    """Element names that can appear together in one instance (choice branches are alternatives)."""
    result: dict[QName, list[Source]] = {}
    for particle in particles:
        if particle is None:
            continue
        for name, sources in _max_occurrences(model, particle, set()).items():
            result.setdefault(name, []).extend(sources)
    return {name: sorted(sources) for name, sources in result.items()}


def _max_occurrences(model: SchemaModel, particle: Particle, groups: set[QName]) -> dict[QName, list[Source]]:
    if particle.kind == "element" and particle.element is not None:
        return {particle.element.name: [particle.element.source]}
    if particle.kind == "group":
        group, content = particle.group_ref, group_content(model, particle)
        if group is None or group in groups or content is None:
            return {}
        return _max_occurrences(model, content, groups | {group})
    children = [_max_occurrences(model, child, groups) for child in particle.children]
    if particle.kind == "choice":
        merged: dict[QName, list[Source]] = {}
        for child in children:
            for name, sources in child.items():
                if len(sources) > len(merged.get(name, [])):
                    merged[name] = sources
        return merged
    combined: dict[QName, list[Source]] = {}
    for child in children:
        for name, sources in child.items():
            combined.setdefault(name, []).extend(sources)
    return combined
