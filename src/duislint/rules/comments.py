"""DU2xx: comments that name SRs/SRVs, and the service-request matrix, agree with the schema."""

from __future__ import annotations

import re
from typing import Iterator

from duislint import duis, matrix
from duislint.duis import code_list
from duislint.findings import Location, Severity
from duislint.matrix import MatrixRow
from duislint.rules import CheckContext, Hit, rule
from duislint.suggest import closest


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
                related=(Location(context.matrix_path or "matrix"),),
            )
