"""The HTML report: one self-contained page (inline CSS and JavaScript, nothing fetched) laid out by a Jinja2
template from the plain data of html_data.py.

Escaping happens in one place: the Jinja2 environment autoescapes every value. The only markup not escaped is
our own stylesheet and script, read from the package. A Content-Security-Policy allows exactly those two (by
hash) and nothing else, so even a string that escaped escaping could neither run nor load anything.

Jinja2 (~45 ms to import) is imported here only, and this module only when an HTML report is asked for.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from duislint.findings import Report
from duislint.report.html_data import CheckPage, DiffPage

if TYPE_CHECKING:
    from duislint.diff.report import DiffReport
    from duislint.errors import Failure
    from duislint.report.formats import Options

TEMPLATES = Path(__file__).parent / "templates"
HEAD_JS = 'document.documentElement.className="js";'  # hides detail rows before the first paint


def render_check(report: Report, options: Options) -> str:
    return "".join(stream_check(report, options))


def stream_check(report: Report, options: Options) -> Iterator[str]:
    from duislint.report.html_data import check_page

    del options
    return _pieces("check.html", check_page(report))


def render_diff(report: DiffReport, options: Options) -> str:
    return "".join(stream_diff(report, options))


def stream_diff(report: DiffReport, options: Options) -> Iterator[str]:
    from duislint.report.html_data import diff_page

    del options
    return _pieces("diff.html", diff_page(report))


def render_failure(failure: Failure, verb: str, options: Options) -> str:
    """A plain page: no template, no script (a failure report must not fail in turn)."""
    del options
    where = f"<code>{html.escape(failure.where)}</code>: " if failure.where else ""
    what = "compared" if verb == "diff" else "checked"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>duislint: '
        f"{html.escape(failure.headline)}</title></head><body><h1>duislint {html.escape(failure.headline)}</h1>"
        f"<p>{where}{html.escape(failure.message)}</p><p>Nothing was {what}.</p></body></html>\n"
    )


def _pieces(template: str, page: CheckPage | DiffPage) -> Iterator[str]:
    from markupsafe import Markup

    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src {_hash(css)}; script-src {_hash(HEAD_JS)} {_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    pieces = (
        _environment()
        .get_template(template)
        .generate(page=page, css=Markup(css), js=Markup(js), head_js=Markup(HEAD_JS), csp=csp)
    )
    last = ""
    for piece in pieces:  # the page as Jinja2 makes it, never joined here
        if piece:
            last = piece
            yield piece
    if not last.endswith("\n"):
        yield "\n"


@lru_cache(maxsize=1)
def _environment():  # noqa: ANN202
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: the one place that escapes
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """Our stylesheet or script, inserted unescaped: it must not close its own element."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} must not contain '</script' or '</style'")
    return text


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
