"""DU2xx: comments that name SRs/SRVs, and the service-request matrix, agree with the schema; so do the DUIS
conventions between them (command-variant comments, the schema's own lists of SRVs, the sr:/ra: copies)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from duislint import duis, matrix
from duislint.duis import CommandVariantMeaning, code_list
from duislint.findings import Location, Severity
from duislint.matrix import MatrixRow
from duislint.rules import CheckContext, Hit, rule
from duislint.suggest import closest
from duislint.xsd.components import Comment, EnumValue, TypeDef
from duislint.xsd.model import QName, Source


def _srvs(context: CheckContext) -> set[str]:
    srvs = code_list(context.model, duis.SR_NS, duis.SERVICE_REFERENCE_VARIANT) or code_list(
        context.model, duis.RA_NS, duis.SERVICE_REFERENCE_VARIANT
    )
    return set(srvs.value_set()) if srvs else set()


def _srs(context: CheckContext) -> set[str]:
    srs = code_list(context.model, duis.SR_NS, duis.SERVICE_REFERENCE) or code_list(
        context.model, duis.RA_NS, duis.SERVICE_REFERENCE
    )
    return set(srs.value_set()) if srs else set()


def _rows_by_name(matrix: list[MatrixRow] | None) -> dict[str, MatrixRow]:
    return {duis.normalise_name(row.name): row for row in matrix or []}


@rule("DU201", "comment-names-unknown-srv", Severity.WARNING, "duis-comments")
def comment_names_unknown_srv(context: CheckContext) -> Iterator[Hit]:
    """A comment such as `<!-- SR 4.4.5 Retrieve Billing Data Log -->` names an SR/SRV the schema does not have.

    Why:
        These comments are how readers (and duislint) find which part of the schema serves which service request.
        A wrong number sends reviewers and implementers to the wrong SRV section of the specification.

    Bad:
        <!-- SR 2.10 Update Prepay Configuration -->   <!-- no SR/SRV 2.10 -->

    Good:
        <!-- SR 2.1 Update Prepay Configuration -->
    """
    srvs, srs = _srvs(context), _srs(context)
    if not srvs:
        return
    by_name = _rows_by_name(context.matrix)
    for comment in context.model.comments:
        named = duis.srvs_named_by_comment(comment.text)
        if named is None:
            continue
        numbers, name = named
        for number in numbers:
            if number in srvs or number in srs:
                continue
            row = by_name.get(duis.normalise_name(name)) if name else None
            near = closest(number, srvs | srs, cutoff=0.7)
            suggestion = f"SR {row.srv} ({row.name})" if row else (f"SR {near}" if near else None)
            yield Hit(
                f"comment '{comment.text}' in {comment.context} names SR {number}, which is neither an SRV nor an "
                "SR of this schema",
                f"SRV {number}",
                comment.source,
                suggestion=suggestion,
            )


@rule("DU202", "comment-name-differs-from-matrix", Severity.WARNING, "duis-comments")
def comment_name_differs_from_matrix(context: CheckContext) -> Iterator[Hit]:
    """A comment names an existing SRV by a different name than the service-request matrix (given with --spec).

    Why:
        The matrix is the authority for service request names; a schema comment that calls SR 1.5 "Adjust Meter
        Balance" when the matrix says "Update Meter Balance" misleads readers searching either document.
        Case, spacing and punctuation are ignored, and so is a variant's trailing qualifier in parentheses (a
        comment "SR 1.1 Update Import Tariff" matches "Update Import Tariff (Primary Element)").

    Bad:
        <!-- SR 1.5 Adjust Meter Balance -->       matrix: 1.5 Update Meter Balance

    Good:
        <!-- SR 1.5 Update Meter Balance -->
    """
    if not context.matrix:
        return
    by_srv: dict[str, list[MatrixRow]] = {}
    for row in context.matrix:
        by_srv.setdefault(row.srv, []).append(row)
        if row.srv != row.service_reference:
            by_srv.setdefault(row.service_reference, []).append(row)
    for comment in context.model.comments:
        named = duis.srvs_named_by_comment(comment.text)
        if named is None or not named[1]:
            continue
        (number,), name = named
        rows = by_srv.get(number)
        if not rows:
            continue
        if any(_same_name(name, row.name) for row in rows):
            continue
        row = rows[0]
        yield Hit(
            f"comment in {comment.context} calls SR {number} '{name}'; the service-request matrix calls it "
            f"'{row.name}'",
            f"SRV {number}",
            comment.source,
            related=(row.location_of(matrix.NAME),),
            suggestion=f"SR {number} {row.name}",
        )


def _same_name(comment_name: str, matrix_name: str) -> bool:
    """Equal once normalised, or equal to the matrix name without its variant's trailing qualifier: an SR-level
    comment "Update Import Tariff" names "Update Import Tariff (Primary Element)"."""
    unqualified = re.sub(r"\s*\([^()]*\)\s*$", "", matrix_name)
    return duis.normalise_name(comment_name) in {duis.normalise_name(matrix_name), duis.normalise_name(unqualified)}


@rule("DU203", "matrix-disagrees-with-schema", Severity.ERROR, "duis-comments")
def matrix_disagrees_with_schema(context: CheckContext) -> Iterator[Hit]:
    """The service-request matrix (given with --spec) and the schema's SR/SRV enumerations list different services.

    Why:
        The matrix says who may send which SRV; the schema says which SRVs exist. An SRV in one and not the other
        is either a service nobody may send or a grant for a service no message can carry.

    Bad:
        matrix row 4.2 "Read Load Profile"; sr:ServiceReferenceVariant has no 4.2

    Good:
        both list SRV 4.2, under SR 4.2
    """
    if not context.matrix:
        return
    srvs, srs = _srvs(context), _srs(context)
    if not srvs:
        return
    in_matrix: set[str] = set()
    for row in context.matrix:
        in_matrix.add(row.srv)
        if row.srv not in srvs:
            yield Hit(
                f"matrix row for SRV {row.srv} ({row.name}) has no value in the schema's ServiceReferenceVariant",
                f"SRV {row.srv}",
                row.location_of(matrix.SRV),
                suggestion=(
                    f"SRV {closest(row.srv, srvs, cutoff=0.7)}" if closest(row.srv, srvs, cutoff=0.7) else None
                ),
            )
        if duis.sr_of_srv(row.srv) != row.service_reference:
            yield Hit(
                f"matrix row for SRV {row.srv} gives Service Reference {row.service_reference}; the SRV's digits "
                f"say {duis.sr_of_srv(row.srv)}",
                f"SRV {row.srv}",
                row.location_of(matrix.SR),
                suggestion=duis.sr_of_srv(row.srv),
            )
        elif srs and row.service_reference not in srs:
            yield Hit(
                f"matrix row for SRV {row.srv} gives Service Reference {row.service_reference}, which the schema's "
                "ServiceReference does not list",
                f"SR {row.service_reference}",
                row.location_of(matrix.SR),
            )
    srv_list = code_list(context.model, duis.SR_NS, duis.SERVICE_REFERENCE_VARIANT)
    if srv_list is None:
        return
    for value in srv_list.values:
        if value.value not in in_matrix:
            yield Hit(
                f"SRV {value.value} is in {context.model.show(srv_list.type_name)} but has no row in the "
                f"service-request matrix {context.matrix_path or ''}".rstrip(),
                f"SRV {value.value}",
                value.source,
                related=_matrix_places(context.matrix),
            )


def _matrix_places(rows: list[MatrixRow]) -> tuple[Location, ...]:
    """Where the matrix is: each file, or each specification table, its rows come from."""
    return tuple(dict.fromkeys(Location(r.location.path, section=r.location.section, table=r.location.table)
                               for r in rows))  # fmt: skip


# --- DUIS conventions between the schema and the matrix ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Variants:
    """The command variants' meanings, and the CommandVariant table they were read from (None: DUIS's published
    meanings, for a schema without such a table)."""

    meanings: dict[int, CommandVariantMeaning]
    table: Source | None


def command_variant_meanings(context: CheckContext) -> _Variants:
    """The meanings the schema's CommandVariant type gives in its annotation (sr:, then ra:), once a run; DUIS's
    published meanings when neither has a table that reads."""
    model = context.model
    for namespace in (duis.SR_NS, duis.RA_NS):
        typedef = model.named_type(QName(namespace, duis.COMMAND_VARIANT))
        if typedef is None:
            continue
        shown = model.show(typedef.name)
        for comment in model.comments:
            if comment.context == shown:
                meanings = duis.read_command_variant_table(_as_written(context, comment))
                if meanings:
                    return _Variants(meanings, comment.source)
    return _Variants(duis.PUBLISHED_COMMAND_VARIANTS, None)


_DOCUMENTATION_END = re.compile(r"</(?:[\w.-]+:)?documentation\s*>")


def _as_written(context: CheckContext, comment: Comment) -> str:
    """A comment's or documentation's text with its layout (the model keeps it on one line): a table's columns are
    parted by runs of spaces."""
    lines = context.schemas.lines.get(comment.source.path) or []
    taken: list[str] = []
    for line in lines[comment.source.line - 1 : comment.source.line + 499]:
        taken.append(line)
        if ("-->" in line) if comment.kind == "comment" else bool(_DOCUMENTATION_END.search(line)):
            break
    return "\n".join(taken) or comment.text


def _comment_lines(context: CheckContext) -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for comment in context.model.comments:
        found.setdefault((comment.source.path, comment.text), []).append(comment.source.line)
    return {key: sorted(lines) for key, lines in found.items()}


def _comment_of(context: CheckContext, value: EnumValue) -> Source:
    """Where the comment that follows an enumeration value is written (the value's own line if it has none)."""
    if not value.comment:
        return value.source
    lines = context.memo(_comment_lines).get((value.source.path, value.comment), [])
    at = bisect.bisect_left(lines, value.source.line)
    return Source(value.source.path, lines[at]) if at < len(lines) else value.source


def _srv_lists(context: CheckContext) -> list[duis.CodeList]:
    """The ServiceReferenceVariant enumeration of each namespace that has one: sr:, then ra:."""
    found = (code_list(context.model, ns, duis.SERVICE_REFERENCE_VARIANT) for ns in (duis.SR_NS, duis.RA_NS))
    return [srv_list for srv_list in found if srv_list is not None]


@dataclass(frozen=True, slots=True)
class MatrixView:
    """The matrix as the convention rules read it, once a run: each SRV's first row, and the headers of its
    Critical and Non-Device Request columns (None where it has none)."""

    rows: dict[str, MatrixRow]
    critical: str | None
    non_device: str | None


def matrix_view(context: CheckContext) -> MatrixView:
    rows: dict[str, MatrixRow] = {}
    for row in context.matrix or []:
        rows.setdefault(row.srv, row)
    headers = matrix.columns(context.matrix or [])

    def column(key_prefix: str) -> str | None:  # the header whose letters and digits start so
        return next((c for c in headers if duis.normalise_name(c).startswith(key_prefix)), None)

    return MatrixView(rows, column("critical"), column("nondevice"))


@dataclass(frozen=True, slots=True)
class _Contradiction:
    """Command variants a comment lists against what one matrix column says of the SRV."""

    column: str
    variants: tuple[int, ...]
    said: str  # what the matrix says: "is Critical in the service-request matrix"
    kind: str  # what the variants are instead, {s} for a plural: "non-critical command variant{s}"


def _contradictions(
    listed: tuple[int, ...], row: MatrixRow, meanings: dict[int, CommandVariantMeaning], critical: str | None,
    non_device: str | None,
) -> list[_Contradiction]:  # fmt: skip
    found = []
    is_critical = row.yes_no(critical) if critical else None
    if is_critical is not None:
        wrong = tuple(n for n in listed if n in meanings and meanings[n].critical not in (None, is_critical))
        if wrong:
            kind = "non-critical" if is_critical else "critical"
            said = f"is {'' if is_critical else 'not '}{critical} in the service-request matrix"
            found.append(_Contradiction(critical or "", wrong, said, kind + " command variant{s}"))
    is_non_device = row.yes_no(non_device) if non_device else None
    if is_non_device is not None:
        wrong = tuple(n for n in listed if n in meanings and meanings[n].dcc_only not in (None, is_non_device))
        if wrong:
            kind = "command variant{s} for a device" if is_non_device else "DCC-only command variant{s}, no device"
            said = f"is {'a' if is_non_device else 'not a'} {non_device} in the service-request matrix"
            found.append(_Contradiction(non_device or "", wrong, said, kind))
    return found


def _numbers(variants: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in variants)


def _fitting_variants(
    row: MatrixRow, meanings: dict[int, CommandVariantMeaning], critical: str | None, non_device: str | None
) -> tuple[int, ...]:
    """The variants whose meaning fits what the matrix says of the SRV (both columns, where it says)."""
    is_critical = row.yes_no(critical) if critical else None
    is_non_device = row.yes_no(non_device) if non_device else None
    return tuple(
        n
        for n, meaning in sorted(meanings.items())
        if meaning.critical is not None and meaning.dcc_only is not None
        and is_critical in (None, meaning.critical) and is_non_device in (None, meaning.dcc_only)
    )  # fmt: skip


@rule("DU204", "command-variants-contradict-matrix", Severity.WARNING, "duis-comments")
def command_variants_contradict_matrix(context: CheckContext) -> Iterator[Hit]:
    """The command variants the comment after a ServiceReferenceVariant value lists (`<!-- CV = 4, 5, 6, 7 -->`)
    contradict the service-request matrix's Critical or Non-Device Request column (given with --spec).

    Why:
        The comment tells implementers which command variants an SRV is sent with; the matrix says whether the SRV
        is critical (sent as a signed pre-command) and whether it reaches a device at all. A critical SRV whose
        comment lists the non-critical variants 1, 2, 3 leads DCC Users to send requests the DCC rejects. The
        variants' meanings are read from the schema's own CommandVariant table (its Critical column, and its Mode
        of Operation column where "DO = DCC Only" marks the non-device variant); a schema without such a table is
        read with the meanings that table has in every published DUIS set (1-3 non-critical, 4-7 critical, 8 DCC
        only). The sr: and ra: copies of the enumeration are both checked.

    Bad:
        <xs:enumeration value="7.12"/> <!-- CV = 1, 2, 3 -->       matrix: 7.12 Critical Yes

    Good:
        <xs:enumeration value="7.12"/> <!-- CV = 4, 5, 6, 7 -->
    """
    if not context.matrix:
        return
    variants = context.memo(command_variant_meanings)
    view = context.memo(matrix_view)
    rows, critical, non_device = view.rows, view.critical, view.non_device
    for srv_list in _srv_lists(context):
        for value in srv_list.values:
            listed = duis.command_variants_named(value.comment)
            row = rows.get(value.value)
            if not listed or row is None:
                continue
            found = _contradictions(listed, row, variants.meanings, critical, non_device)
            if not found:
                continue
            clauses = []
            for index, contradiction in enumerate(found):
                comment = (
                    f"its CV comment '{value.comment}' in {context.model.show(srv_list.type_name)}"
                    if index == 0
                    else "the comment"
                )
                kind = contradiction.kind.format(s="s" if len(contradiction.variants) > 1 else "")
                listed_here = f"{_numbers(contradiction.variants)} ({kind})"
                clauses.append(f"{contradiction.said}, but {comment} lists {listed_here}")
            fitting = _fitting_variants(row, variants.meanings, critical, non_device)
            yield Hit(
                f"SRV {value.value} " + "; it ".join(clauses),
                f"SRV {value.value}",
                _comment_of(context, value),
                related=tuple(row.location_of(c.column) for c in found)
                + ((variants.table,) if variants.table is not None else ()),
                suggestion=f"CV = {_numbers(fitting)}" if fitting else None,
            )


@dataclass(frozen=True, slots=True)
class _ListedSrvs:
    """One of the schema's own lists of SRVs (or of SRs), and the matrix column that must list the same."""

    typedef: TypeDef
    shown: str
    of_srs: bool  # a list of Service References (named ...ServiceReference), not of variants
    column: str


_SRV_SUFFIX, _SR_SUFFIX = duis.SERVICE_REFERENCE_VARIANT, duis.SERVICE_REFERENCE


def _listed_srvs(context: CheckContext) -> list[_ListedSrvs]:
    """Every enumeration of SRV values but the ServiceReference/ServiceReferenceVariant code lists, whose name (less
    a 'ServiceReference(Variant)' ending) names a Yes/No column of the matrix: DSPScheduledServiceReferenceVariant
    names 'DCC Scheduled'."""
    assert context.matrix is not None
    columns = [c for c in matrix.columns(context.matrix) if _is_yes_no_column(context.matrix, c)]
    found = []
    for typedef in context.model.types:
        if not typedef.enumerations or not all(duis.is_srv(e.value) for e in typedef.enumerations):
            continue
        name = typedef.name.local if typedef.name else typedef.context.rsplit("/", 1)[-1].lstrip("@")
        of_srs = name.endswith(_SR_SUFFIX)
        stem = name.removesuffix(_SRV_SUFFIX).removesuffix(_SR_SUFFIX) if name.endswith((_SRV_SUFFIX, _SR_SUFFIX)) \
            else name  # fmt: skip
        column = duis.column_named_by(stem, columns) if stem else None
        if column is not None:
            shown = context.model.show(typedef.name) if typedef.name else typedef.context
            found.append(_ListedSrvs(typedef, shown, of_srs, column))
    return found


def _is_yes_no_column(rows: list[MatrixRow], column: str) -> bool:
    said = [row.value(column) for row in rows]
    written = [v for v in said if v and v.strip()]
    return bool(written) and all(matrix.yes_no(v) is not None for v in written)


@rule("DU205", "srv-list-differs-from-matrix", Severity.ERROR, "duis-comments")
def srv_list_differs_from_matrix(context: CheckContext) -> Iterator[Hit]:
    """One of the schema's own lists of SRVs (an enumeration such as `DSPScheduledServiceReferenceVariant`) and the
    matrix column it answers to (given with --spec) list different SRVs.

    Why:
        The schema repeats some of the matrix's columns as enumerations: DSPScheduledServiceReferenceVariant holds
        the SRVs the DCC may run on a schedule, which the matrix marks DCC Scheduled. An SRV in the list that the
        matrix does not mark lets DCC Users schedule what the DCC will not run; one the matrix marks but the list
        lacks can never be scheduled. A list is matched to the column its name names (less its ServiceReference or
        ServiceReferenceVariant ending; DSP, the DCC's Data Service Provider, reads as DCC); a list of Service
        References holds the SRs of the SRVs the column marks. SRVs the schema or the matrix lacks altogether are
        left to DU203.

    Bad:
        sr:DSPScheduledServiceReferenceVariant lists 4.2        matrix: 4.2 DCC Scheduled No

    Good:
        the list holds exactly the SRVs whose DCC Scheduled is Yes
    """
    if not context.matrix:
        return
    srvs, srs = _srvs(context), _srs(context)
    first_rows = context.memo(matrix_view).rows
    for listed in _listed_srvs(context):
        if listed.of_srs:
            yield from _srs_against_column(context.matrix, first_rows, listed, srs)
        else:
            yield from _srvs_against_column(context.matrix, first_rows, listed, srvs)


def _srvs_against_column(rows: list[MatrixRow], first: dict[str, MatrixRow], listed: _ListedSrvs,
                         srvs: set[str]) -> Iterator[Hit]:  # fmt: skip
    values = {e.value: e for e in listed.typedef.enumerations}
    for srv, value in values.items():
        row = first.get(srv)
        if row is not None and row.yes_no(listed.column) is False:
            yield Hit(
                f"SRV {srv} ({row.name}) is in {listed.shown}, but the service-request matrix says "
                f"{listed.column}: {row.value(listed.column)}",
                f"SRV {srv}",
                value.source,
                related=(row.location_of(listed.column),),
            )
    for srv, row in first.items():
        if row.yes_no(listed.column) and srv not in values and (not srvs or srv in srvs):
            yield Hit(
                f"the service-request matrix says {listed.column}: {row.value(listed.column)} for SRV {srv} "
                f"({row.name}), but {listed.shown} does not list it",
                f"SRV {srv}",
                row.location_of(listed.column),
                related=(listed.typedef.source,),
            )


def _srs_against_column(rows: list[MatrixRow], first: dict[str, MatrixRow], listed: _ListedSrvs,
                        srs: set[str]) -> Iterator[Hit]:  # fmt: skip
    values = {e.value: e for e in listed.typedef.enumerations}
    by_sr: dict[str, list[MatrixRow]] = {}
    for row in first.values():
        by_sr.setdefault(row.service_reference, []).append(row)
    for sr, value in values.items():
        variants = by_sr.get(sr, [])
        if variants and all(row.yes_no(listed.column) is False for row in variants):
            yield Hit(
                f"SR {sr} is in {listed.shown}, but the service-request matrix says {listed.column}: No for every "
                f"SRV of it ({', '.join(row.srv for row in variants)})",
                f"SR {sr}",
                value.source,
                related=tuple(row.location_of(listed.column) for row in variants),
            )
    for sr, variants in by_sr.items():
        marked = [row for row in variants if row.yes_no(listed.column)]
        if marked and sr not in values and (not srs or sr in srs):
            yield Hit(
                f"the service-request matrix says {listed.column}: {marked[0].value(listed.column)} for SRV "
                f"{marked[0].srv} ({marked[0].name}), but {listed.shown} does not list its SR {sr}",
                f"SR {sr}",
                marked[0].location_of(listed.column),
                related=(listed.typedef.source,),
            )


def _same_comment(one: str | None, other: str | None) -> bool:
    """Equal lists of command variants, or equal texts (case and spacing ignored)."""
    variants, other_variants = duis.command_variants_named(one), duis.command_variants_named(other)
    if variants is not None and other_variants is not None:
        return set(variants) == set(other_variants)
    return " ".join((one or "").lower().split()) == " ".join((other or "").lower().split())


def _srv_twins(context: CheckContext) -> list[tuple[TypeDef, TypeDef]]:
    """sr:/ra: pairs of enumerations of SRVs (or SRs) that share a name."""
    model = context.model
    pairs = []
    for typedef in model.types:
        if typedef.name is None or typedef.name.namespace != duis.SR_NS or not typedef.enumerations:
            continue
        twin = model.named_type(QName(duis.RA_NS, typedef.name.local))
        if twin is not None and twin.enumerations and all(duis.is_srv(e.value) for e in typedef.enumerations):
            pairs.append((typedef, twin))
    return pairs


@rule("DU206", "srv-comments-differ-between-namespaces", Severity.WARNING, "duis-comments")
def srv_comments_differ_between_namespaces(context: CheckContext) -> Iterator[Hit]:
    """The sr: and ra: copies of a list of SRVs carry different comments for one SRV (`<!-- CV = 1, 2, 3 -->` in
    DUIS, `<!-- CV = 4, 5, 6, 7 -->` in MMC), or comments of the two schemas name one SR differently.

    Why:
        MMC repeats ServiceReferenceVariant, comments included, so that either schema documents the SRVs alone; a
        copy that says other command variants than the original leaves readers of one schema with the wrong
        answer, whichever copy is right. Lists of command variants are compared as sets (`CV = 4,5` is
        `CV = 4, 5`), other comments as text; names of SRs as DU202 compares them. Where the matrix (--spec)
        agrees with one copy and contradicts the other, the contradicted copy is DU204's finding and not
        reported again here.

    Bad:
        sr:ServiceReferenceVariant 7.12 <!-- CV = 1, 2, 3 -->      ra:ServiceReferenceVariant 7.12 <!-- CV = 4, 5, 6, 7 -->

    Good:
        both copies: 7.12 <!-- CV = 4, 5, 6, 7 -->
    """
    model = context.model
    for sr_type, ra_type in _srv_twins(context):
        ra_values = {e.value: e for e in ra_type.enumerations}
        for value in sr_type.enumerations:
            twin = ra_values.get(value.value)
            if twin is None or _same_comment(value.comment, twin.comment):
                continue
            if _matrix_decides(context, value, twin):
                continue  # the copy the matrix contradicts is DU204's finding: one defect, one finding
            yield Hit(
                f"SRV {value.value}: its comment in {model.show(sr_type.name)} {_says(value.comment)}, in "
                f"{model.show(ra_type.name)} {_says(twin.comment)}",
                f"SRV {value.value}",
                _comment_of(context, value),
                related=(_comment_of(context, twin),),
            )
    yield from _sr_names_differ(context)


def _says(comment: str | None) -> str:
    return f"says '{comment}'" if comment else "is missing"


def _matrix_decides(context: CheckContext, value: EnumValue, twin: EnumValue) -> bool:
    """The matrix agrees with one copy's command variants and contradicts the other's (which DU204 reports)."""
    view = context.memo(matrix_view)
    row = view.rows.get(value.value)
    listed, twin_listed = duis.command_variants_named(value.comment), duis.command_variants_named(twin.comment)
    if row is None or not listed or not twin_listed or context.matrix is None:
        return False
    meanings = context.memo(command_variant_meanings).meanings
    critical, non_device = view.critical, view.non_device
    sr_fits = not _contradictions(listed, row, meanings, critical, non_device)
    ra_fits = not _contradictions(twin_listed, row, meanings, critical, non_device)
    return sr_fits != ra_fits


def _sr_names_differ(context: CheckContext) -> Iterator[Hit]:
    """Comments of the sr: and of the ra: schema that name one SR/SRV by names that differ."""
    namespaces = {info.path: info.target_namespace for info in context.model.documents}
    named: dict[str, dict[str | None, list[tuple[str, Comment]]]] = {}
    for comment in context.model.comments:
        found = duis.srvs_named_by_comment(comment.text)
        if found is None or not found[1]:
            continue
        (number,), name = found
        named.setdefault(number, {}).setdefault(namespaces.get(comment.source.path), []).append((name, comment))
    for number, by_namespace in named.items():
        sr_names, ra_names = by_namespace.get(duis.SR_NS, []), by_namespace.get(duis.RA_NS, [])
        if not sr_names or not ra_names:
            continue
        if any(_same_name(s, r) or _same_name(r, s) for s, _ in sr_names for r, _ in ra_names):
            continue
        (sr_name, sr_comment), (ra_name, ra_comment) = sr_names[0], ra_names[0]
        yield Hit(
            f"SR {number} is '{sr_name}' in a comment of the sr: schema ({sr_comment.context}) but '{ra_name}' in "
            f"one of the ra: schema ({ra_comment.context})",
            f"SRV {number}",
            sr_comment.source,
            related=(ra_comment.source,),
        )
