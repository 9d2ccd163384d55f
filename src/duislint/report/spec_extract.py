"""`duislint extract SPEC`: the specification model as JSON, or as Markdown that duislint reads back."""

from __future__ import annotations

import json

from duislint.spec.model import Paragraph, Section, Spec, Table, TermDefinition


def _loc(location) -> dict:  # noqa: ANN001
    return location.as_dict()


def _term(definition: TermDefinition) -> dict[str, object]:
    """A definition: its first form (`term`), every form, its meaning, its kind and, for a reference back, the
    document it names."""
    found: dict[str, object] = {"term": definition.term, "forms": list(definition.forms),
                                "definition": definition.definition, "kind": definition.kind.value}  # fmt: skip
    if definition.refers_to is not None:
        found["refers_to"] = definition.refers_to
    found["location"] = _loc(definition.location)
    return found


def _paragraph_dict(paragraph: Paragraph, by_clause: bool) -> dict[str, object]:
    """A paragraph's section (its heading's number), and when numbered its number as shown and its clause; in a
    document of the Code, the clause it is in when it has no number of its own."""
    found: dict[str, object] = {"section": paragraph.section.number if paragraph.section else None}
    if paragraph.number is not None:
        found["number"] = paragraph.number
        found["clause"] = paragraph.clause
    elif by_clause and paragraph.location.section:
        found["clause"] = paragraph.location.section
    found["text"] = paragraph.text
    return found


def spec_dict(spec: Spec) -> dict[str, object]:
    by_clause = spec.document is not None
    return {
        "path": spec.path,
        "document": spec.document,
        "revisions": spec.revisions,
        "sections": [{"number": s.number, "title": s.title, "level": s.level} for s in spec.sections],
        "tables": [
            {
                "index": t.index,
                "section": t.section.number if t.section else None,
                **({"clause": t.location.section} if by_clause else {}),
                "kind": t.kind,
                "header": list(t.header),
                "columns": dict(sorted(t.columns.items(), key=lambda kv: kv[1])),
                "rows": [{"row": r.index, "line": r.location.line, "cells": list(r.cells)} for r in t.rows],
            }
            for t in spec.tables
        ],
        "paragraphs": [_paragraph_dict(p, by_clause) for p in spec.paragraphs],
        "terms": [_term(t) for t in spec.terms],
        "document_references": [{"document": r.document, "clause": r.clause, "text": r.text,
                                 "location": _loc(r.location)} for r in spec.document_references],  # fmt: skip
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


from duislint.spec.clauses import MARK as DOCUMENT_MARK  # noqa: E402
from duislint.spec.markdown import UNNUMBERED_MARK  # noqa: E402


def _cell(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("<", "\\<")
    return escaped.replace("\n", "<br>")


def _title(text: str) -> str:
    """A trailing '#' would read as a closing sequence; a backslash is the escape."""
    text = text.replace("\\", "\\\\")
    return text[:-1] + "\\#" if text.endswith("#") else text


def _paragraph(text: str) -> str:
    """A paragraph must not read back as a heading or a table row."""
    text = text.replace("\\", "\\\\")
    return "\\" + text if text[:1] in ("#", "|") else text


def _numbered(paragraph: Paragraph) -> str:
    """A numbered paragraph of a document of the Code, its number typed as the reader reads it back ('1.')."""
    number = paragraph.number or ""
    return f"{number}{'.' if number.isdigit() else ''} {paragraph.text.replace(chr(92), chr(92) * 2)}"


def _markdown(spec: Spec) -> str:
    """Headings with their numbers, paragraphs and tables, in document order."""
    items: list[tuple[int, int, Section | Paragraph | Table]] = [(s.order, 0, s) for s in spec.sections]
    items += [(p.order, 1, p) for p in spec.paragraphs]
    items += [(t.order, 2, t) for t in spec.tables]
    lines: list[str] = []
    if spec.document:  # read back as the same document of the Code, whatever the file is called
        lines.extend([DOCUMENT_MARK.format(spec.document), ""])
    if spec.sections and not any(s.number for s in spec.sections):
        lines.extend([UNNUMBERED_MARK, ""])  # so the Markdown reader does not number them by level
    for _, _, item in sorted(items, key=lambda entry: (entry[0], entry[1])):
        if isinstance(item, Section):
            title = f"{item.number} {_title(item.title)}".strip()
            lines.extend([f"{'#' * max(1, min(item.level, 9))} {title}", ""])
        elif isinstance(item, Paragraph):
            lines.extend([_numbered(item) if spec.document and item.number else _paragraph(item.text), ""])
        else:
            # a table with no header row (Section A's definitions) has its first row where Markdown needs a header
            rows = [item.header, *(row.cells for row in item.rows)] if item.header else [r.cells for r in item.rows]
            if not rows:
                continue
            lines.append("| " + " | ".join(_cell(h) for h in rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines.extend("| " + " | ".join(_cell(c) for c in cells) + " |" for cells in rows[1:])
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
