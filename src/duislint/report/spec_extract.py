"""`duislint extract SPEC`: the specification model as JSON, or as Markdown that duislint reads back."""

from __future__ import annotations

import json

from duislint.spec.model import Spec


def _loc(location) -> dict:  # noqa: ANN001
    return location.as_dict()


def spec_dict(spec: Spec) -> dict[str, object]:
    return {
        "path": spec.path,
        "revisions": spec.revisions,
        "sections": [{"number": s.number, "title": s.title, "level": s.level} for s in spec.sections],
        "tables": [
            {
                "index": t.index,
                "section": t.section.number if t.section else None,
                "kind": t.kind,
                "header": list(t.header),
                "columns": dict(sorted(t.columns.items(), key=lambda kv: kv[1])),
                "rows": [{"row": r.index, "line": r.location.line, "cells": list(r.cells)} for r in t.rows],
            }
            for t in spec.tables
        ],
        "paragraphs": [{"section": p.section.number if p.section else None, "text": p.text} for p in spec.paragraphs],
        "terms": [{"term": t.term, "definition": t.definition, "location": _loc(t.location)} for t in spec.terms],
        "clause_references": [
            {"number": c.number, "text": c.text, "location": _loc(c.location)} for c in spec.clause_references
        ],  # fmt: skip
        "field_references": [
            {"field": f.field, "bookmark": f.bookmark, "shown": f.shown, "location": _loc(f.location)}
            for f in spec.field_references
        ],  # fmt: skip
        "bookmarks": sorted(spec.bookmarks),
    }


def render(spec: Spec, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(spec_dict(spec), indent=1, ensure_ascii=False) + "\n"
    return _markdown(spec)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _markdown(spec: Spec) -> str:
    """Headings with their numbers, paragraphs and tables in document order (tables only as pipe tables)."""
    blocks: list[tuple[tuple[int, int], str]] = []
    order = 0
    lines: list[str] = []
    tables_by_section: dict[str, list] = {}
    for table in spec.tables:
        tables_by_section.setdefault(table.section.number if table.section else "", []).append(table)
    paragraphs_by_section: dict[str, list] = {}
    for paragraph in spec.paragraphs:
        paragraphs_by_section.setdefault(paragraph.section.number if paragraph.section else "", []).append(paragraph)

    def emit_content(number: str) -> None:
        for paragraph in paragraphs_by_section.pop(number, []):
            lines.extend([paragraph.text, ""])
        for table in tables_by_section.pop(number, []):
            lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
            lines.append("|" + "---|" * len(table.header))
            for row in table.rows:
                lines.append("| " + " | ".join(_cell(c) for c in row.cells) + " |")
            lines.append("")

    del blocks, order
    emit_content("")
    for section in spec.sections:
        title = f"{section.number} {section.title}".strip()
        lines.extend([f"{'#' * max(1, min(section.level, 9))} {title}", ""])
        emit_content(section.number)
    return "\n".join(lines).rstrip() + "\n"
