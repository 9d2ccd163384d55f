"""The HTML report, opened from file:// in headless Chromium (Debian's package, driven by playwright), and the
Markdown summary.

The demo report is checked against the JSON report of the same run; a hostile schema and specification prove
that nothing from the inputs runs; 5,000 findings filter within a time measured in the page.

The demo's screenshot and the 5,000-finding timings are written under each test's temporary folder; to keep them
(to refresh docs/report.png or the README's numbers), name a folder: `DUISLINT_KEEP_REPORTS=reports make test`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from duislint.report import html as html_report
from tests.browser import Browser, Tab
from tests.conftest import ROOT
from tests.helpers import Run, cli

DEMO = ROOT / "schemas" / "demo"
DEMO_SPECS = (
    "--spec",
    "schemas/demo/DUIS Demo Specification V9.1.docx",
    "--spec",
    "schemas/demo/service-request-matrix.json",
)
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_SPEC = HOSTILE / "Hostile Spec.md"
TIME_BOUND_MS = 2000  # "does not freeze": generous on a 2-core CI machine, where it takes ~50 ms


@contextlib.contextmanager
def at_root():
    """Paths in reports as a user running `make demo` sees them."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def duislint(*args: str | Path) -> Run:
    with at_root():
        return cli(*args)


def kept(tmp_path: Path, name: str) -> Path:
    """Where a test leaves a picture or measurements for a person: its temporary folder, unless
    DUISLINT_KEEP_REPORTS names another (the checkout is never written to unasked)."""
    folder = Path(os.environ.get("DUISLINT_KEEP_REPORTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    paths = {fmt: folder / f"demo.{fmt}" for fmt in ("html", "json", "markdown")}
    result = duislint("check", "schemas/demo", *DEMO_SPECS, "--fail-on", "never",
                      *(arg for fmt, path in paths.items() for arg in ("--format", fmt, "-o", path)))  # fmt: skip
    assert result.code == 0, result.err
    return paths


@pytest.fixture(scope="module")
def demo_json(demo) -> dict:
    return json.loads(demo["json"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    result = duislint("check", HOSTILE, "--spec", HOSTILE_SPEC, "--fail-on", "never", "--format", "html", "-o", path)
    assert result.code == 0, result.err
    return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))  # a fresh user-data-dir
    yield chromium
    chromium.close()


@pytest.fixture
def tab(browser):
    tab = browser.tab()
    yield tab
    tab.page.close()


def shown_items(tab: Tab) -> list[dict]:
    return tab.page.evaluate(
        """() => Array.from(document.querySelectorAll('tbody.item'))
                 .filter(item => !item.hidden && !item.closest('[data-group][hidden]'))
                 .map(item => Object.assign({}, item.dataset))"""
    )


def shown_count(tab: Tab) -> int:
    return int(tab.page.text_content("#shown"))


def errors_first(report: dict) -> list[dict]:
    """The JSON report's findings (in document order) as the HTML page opens: errors, warnings, then info."""
    return sorted(report["findings"], key=lambda f: ("error", "warning", "info").index(f["severity"]))


# --- the demo report in the browser -----------------------------------------------------------------------------


def test_demo_report_counts_match_the_json_report(tab, demo, demo_json):
    tab.open(demo["html"])
    for severity, count in demo_json["summary"].items():
        assert tab.page.text_content(f"#count-{severity}") == str(count)
    assert tab.page.text_content("#count-total") == str(len(demo_json["findings"]))
    items = shown_items(tab)
    assert [(i["rule"], i["subject"]) for i in items] == [(f["rule"], f["subject"]) for f in errors_first(demo_json)]
    family_total = tab.page.evaluate(
        "Array.from(document.querySelectorAll('#by-family tbody tr')).map(tr => +tr.lastElementChild.textContent)"
    )
    assert sum(family_total) == len(demo_json["findings"])
    inputs = tab.page.evaluate(
        "Array.from(document.querySelectorAll('#inputs tbody tr td.hash')).map(td => td.textContent)"
    )
    assert inputs == [i["sha256"] for i in demo_json["inputs"]]
    assert tab.errors == []


def test_filters_narrow_the_table_by_severity_rule_file_section_and_text(tab, demo, demo_json):
    findings = demo_json["findings"]
    tab.open(demo["html"])
    page = tab.page
    assert shown_count(tab) == len(findings)

    page.uncheck("#filters input[value=warning]")
    page.uncheck("#filters input[value=info]")
    assert {i["sev"] for i in shown_items(tab)} == {"error"}
    assert shown_count(tab) == demo_json["summary"]["error"]
    page.click("#filters button[type=reset]")
    page.wait_for_function(f"document.getElementById('shown').textContent === '{len(findings)}'")

    page.select_option("#filters select[data-filter=rule]", "SP103")
    assert shown_count(tab) == sum(f["rule"] == "SP103" for f in findings) == 11
    page.select_option("#filters select[data-filter=rule]", "")

    xsd = "schemas/demo/DUIS Demo V9.1.xsd"
    page.select_option("#filters select[data-filter=file]", xsd)
    assert {i["file"] for i in shown_items(tab)} == {xsd}
    assert shown_count(tab) == sum(f["location"]["path"] == xsd for f in findings)
    page.select_option("#filters select[data-filter=file]", "")

    page.select_option("#filters select[data-filter=section]", "3.5.10")
    assert shown_count(tab) == sum(f["location"].get("section") == "3.5.10" for f in findings)

    page.select_option("#filters select[data-filter=section]", "")
    page.fill("#filters input[type=search]", "ScheduleEndDate mandatory")
    assert [i["rule"] for i in shown_items(tab)] == ["SP203"]
    page.fill("#filters input[type=search]", "no such text anywhere")
    assert shown_count(tab) == 0
    assert page.is_visible("#no-match")
    assert tab.errors == []


def test_sorting_by_a_column_reorders_the_findings(tab, demo, demo_json):
    tab.open(demo["html"])
    page = tab.page
    page.click("th[data-sort=rank]")  # ascending: info first
    ranks = [int(i["rank"]) for i in shown_items(tab)]
    assert ranks == sorted(ranks) and ranks[0] == 1
    page.click("th[data-sort=rank]")  # descending: errors first, document order within a severity
    items = shown_items(tab)
    assert [int(i["rank"]) for i in items] == sorted(ranks, reverse=True)
    errors = [i for i in items if i["sev"] == "error"]
    assert [int(i["order"]) for i in errors] == sorted(int(i["order"]) for i in errors)
    assert page.get_attribute("th[data-sort=rank]", "aria-sort") == "descending"

    page.click("th[data-sort=rule]")
    rules = [i["rule"] for i in shown_items(tab)]
    assert rules == sorted(rules)
    page.click("th[data-sort=order]")
    assert [i["subject"] for i in shown_items(tab)] == [f["subject"] for f in demo_json["findings"]]
    assert tab.errors == []


def test_expanding_a_finding_shows_its_excerpt_rule_help_and_graph_neighbourhood(tab, demo):
    tab.open(demo["html"])
    page = tab.page
    finding = page.locator("tbody.item[data-rule=XS101]")
    detail = finding.locator("tr.detail")
    assert not detail.is_visible()
    finding.locator("tr.row").click()
    assert detail.is_visible()
    marked = finding.locator("pre.src .ln.mark").first.text_content()
    assert 'type="sr:ReadLogPeriod"' in marked and marked.startswith("147")
    assert "ra:ReadLogPeriod" in finding.locator(".suggestion").text_content()
    graph = finding.locator(".graph").first.text_content()
    assert "used by" in graph and "sr:RetrieveBillingDataLog" in graph

    finding.locator("dd a.help-link").click()  # one click: the rule's why, bad and good example, in place
    help_text = finding.locator(".help-slot").text_content()
    assert "Why it matters" in help_text and "Bad" in help_text and "Good" in help_text
    assert finding.locator(".help-slot").is_visible()

    finding.locator("tr.row").click()
    assert not detail.is_visible()
    assert tab.errors == []


def test_a_spec_finding_shows_its_row_under_the_header_beside_the_schema_line(tab, demo):
    tab.open(demo["html"])
    finding = tab.page.locator("tbody.item[data-rule=SP203]")
    finding.locator("tr.row").click()
    pair = finding.locator(".evidence.pair")
    assert pair.is_visible()
    header = pair.locator("table.spec thead th").all_text_contents()
    assert header[1:3] == ["Data Item", "Description / Valid Set"] and "Mandatory" in header
    row = pair.locator("table.spec tr.mark").first.text_content()
    assert "ScheduleEndDate" in row and "Yes" in row
    schema_line = pair.locator("pre.src .ln.mark").text_content()
    assert 'name="ScheduleEndDate"' in schema_line and 'minOccurs="0"' in schema_line
    assert tab.errors == []


def test_related_location_links_to_the_finding_there(tab, demo, demo_json):
    tab.open(demo["html"])
    page = tab.page
    first, second = (f for f in demo_json["findings"] if f["rule"] == "SP401")
    item = page.locator(f"#f-{first['fingerprint']}")
    item.locator("tr.row").click()
    link = item.locator("ul.related a")
    assert link.get_attribute("href") == f"#f-{second['fingerprint']}"
    link.click()
    target = page.locator(f"#f-{second['fingerprint']}")
    page.wait_for_function(f"document.getElementById('f-{second['fingerprint']}').classList.contains('open')")
    assert target.locator("tr.detail").is_visible()
    assert tab.errors == []


def test_keyboard_moves_between_findings_and_opens_one(tab, demo):
    tab.open(demo["html"])
    page = tab.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.type") == "search"
    page.keyboard.type("code E6")
    assert shown_count(tab) == 10  # E60-E69 less the missing E64, and E64 itself (SP101)
    page.keyboard.press("Enter")  # from the search box to the first finding it leaves
    assert page.evaluate("document.activeElement.closest('tbody.item').dataset.subject") == "E64"
    page.keyboard.press("j")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('tbody.item').dataset.subject") == "E61"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('tbody.item').classList.contains('open')")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.closest('tbody.item').dataset.subject") == "E60"
    assert tab.errors == []


def test_report_reads_without_javascript(browser, demo, demo_json):
    tab = browser.tab(javascript=False)
    try:
        tab.open(demo["html"])
        page = tab.page
        assert not page.is_visible("#filters")  # controls that would do nothing are not shown
        details = page.locator("tbody.item tr.detail")
        assert details.count() == len(demo_json["findings"])
        assert details.first.is_visible()  # every finding shows its evidence
        assert page.is_visible("#help-XS101")  # rule help open under Rules
    finally:
        tab.page.close()


def test_screenshot_of_the_demo_report(tab, demo, tmp_path):
    """The picture in the README: errors first, a specification finding open beside its schema line."""
    tab.open(demo["html"])
    page = tab.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.locator("tbody.item[data-rule=SP203] tr.row").click()
    page.evaluate("document.getElementById('findings').scrollIntoView()")
    page.evaluate("window.scrollBy(0, -8)")
    screenshot = kept(tmp_path, "demo-report.png")
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000
    assert tab.errors == []


# --- narrow screens ---------------------------------------------------------------------------------------------

SCREENS = (360, 768, 1400)  # a phone, a tablet or half a laptop's screen, a desktop
WINDOW_HEIGHT = 900
IMPACTS = ("breaking", "potentially-breaking", "non-breaking")


@pytest.fixture(scope="module")
def demo_diff(tmp_path_factory) -> Path:
    """The demo's uplift, as `make demo` writes it: a witness, parts and a "proved" line among its changes."""
    path = tmp_path_factory.mktemp("demo-diff") / "demo-diff.html"
    result = duislint("diff", "schemas/demo/9.0", "schemas/demo", "--fail-on", "never", "--format", "html", "-o", path)
    assert result.code == 0, result.err
    return path


LAYOUT = """() => {
  const width = window.innerWidth;
  const cells = Array.from(document.querySelectorAll('tbody.item:not([hidden]) > tr.row')).flatMap(row => {
    const check = row.closest('table').classList.contains('findings');
    return [row.cells[check ? 3 : 1], row.cells[check ? 4 : 2]];  // subject and message (detail)
  });
  // what cannot wrap scrolls in a box of its own that fits the window, and is never cut off
  const boxes = Array.from(document.querySelectorAll('figure.ev, .witness pre, pre.src, .help pre')).filter(
    el => el.getClientRects().length);
  return {
    width,
    scrollWidth: document.scrollingElement.scrollWidth,
    narrowestCell: Math.min(...cells.map(td => td.getBoundingClientRect().width)),
    cells: cells.length,
    overflowing: boxes.filter(el => el.getBoundingClientRect().right > width + 0.5).map(el => el.className),
    clipped: boxes.filter(el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'hidden')
                  .map(el => el.className),
    witnesses: document.querySelectorAll('.witness pre').length,
  };
}"""


def open_everything(tab: Tab) -> None:
    """Every item open, as a reader who pressed "expand all" sees the page (the filter bar unfolded to reach it)."""
    page = tab.page
    if page.is_visible("#filters button.fold"):
        page.click("#filters button.fold")
    page.click("#filters button[data-expand=all]")


@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("which", ["check", "diff"])
def test_report_fits_the_screen_at_every_width_with_each_subject_and_message_readable(
    tab, demo, demo_diff, which, width, tmp_path
):
    tab.page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
    tab.open(demo["html"] if which == "check" else demo_diff)
    for state in ("closed", "open"):
        if state == "open":
            open_everything(tab)
        layout = tab.page.evaluate(LAYOUT)
        assert layout["scrollWidth"] <= layout["width"], (state, layout)  # no scrolling sideways
        assert layout["cells"] > 0 and layout["narrowestCell"] >= 100, (state, layout)  # no text one letter wide
        assert layout["overflowing"] == [] and layout["clipped"] == [], (state, layout)
    if which == "diff":
        assert layout["witnesses"] > 0  # the demo's uplift shows one: it was measured too
    tab.page.screenshot(path=str(kept(tmp_path, f"{which}-{width}px.png")))
    assert tab.errors == []


@pytest.mark.parametrize("which", ["check", "diff"])
def test_filter_bar_folds_away_on_a_narrow_screen_and_opens_from_the_keyboard(tab, demo, demo_diff, which):
    page = tab.page
    page.set_viewport_size({"width": 360, "height": WINDOW_HEIGHT})
    tab.open(demo["html"] if which == "check" else demo_diff)
    fold = page.locator("#filters button.fold")
    search = page.locator("#filters input[type=search]")
    assert fold.is_visible() and fold.get_attribute("aria-expanded") == "false"
    assert fold.get_attribute("aria-controls") == "filter-controls"
    assert not search.is_visible()
    assert page.is_visible("#shown")  # the count stays in sight
    assert page.locator("#filters").bounding_box()["height"] <= WINDOW_HEIGHT / 4

    fold.focus()
    page.keyboard.press("Enter")
    assert fold.get_attribute("aria-expanded") == "true" and search.is_visible()
    page.keyboard.press("Tab")  # into the controls it unfolded
    assert page.evaluate("document.getElementById('filter-controls').contains(document.activeElement)")
    search.focus()
    page.keyboard.press("Escape")  # folds again, and gives the focus back to the button
    assert fold.get_attribute("aria-expanded") == "false" and not search.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('fold')")
    page.keyboard.press(" ")
    assert search.is_visible()
    page.keyboard.press(" ")
    assert not search.is_visible()

    page.keyboard.press("/")  # search unfolds the bar
    assert search.is_visible() and page.evaluate("document.activeElement.type") == "search"
    assert tab.errors == []


@pytest.mark.parametrize("width", [768, 1400])
def test_filter_bar_stays_open_on_a_wider_screen(tab, demo, width):
    page = tab.page
    page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
    tab.open(demo["html"])
    assert not page.is_visible("#filters button.fold")
    assert page.is_visible("#filters input[type=search]")
    assert page.locator("#filters").bounding_box()["height"] <= WINDOW_HEIGHT / 4
    assert tab.errors == []


def test_check_report_opens_with_errors_first_and_diff_report_with_breaking_changes_first(
    tab, demo, demo_json, demo_diff
):
    tab.open(demo["html"])
    items = shown_items(tab)
    assert [i["sev"] for i in items] == [f["severity"] for f in errors_first(demo_json)]
    assert items[0]["sev"] == "error" and items[-1]["sev"] == "info"
    for severity in ("error", "warning"):  # document order within a severity
        orders = [int(i["order"]) for i in items if i["sev"] == severity]
        assert orders == sorted(orders)
    assert tab.page.get_attribute("th[data-sort=rank]", "aria-sort") == "descending"
    assert tab.page.get_attribute("th[data-sort=order]", "aria-sort") is None

    tab.open(demo_diff)
    impacts = [IMPACTS.index(i["impact"]) for i in shown_items(tab)]
    assert impacts == sorted(impacts) and impacts[0] == 0
    assert tab.errors == []


# --- untrusted content ------------------------------------------------------------------------------------------


OUR_SCRIPTS = [html_report.HEAD_JS, (html_report.TEMPLATES / "report.js").read_text(encoding="utf-8")]
HOSTILE_CHECKS = """() => {
  const scripts = Array.from(document.querySelectorAll('script')).map(s => s.textContent);
  const handlers = [];
  const badLinks = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) handlers.push(el.tagName + ' ' + attr.name);
      if (/^\\s*javascript:/i.test(attr.value)) badLinks.push(el.tagName + ' ' + attr.name);
    }
  }
  return {
    pwned: typeof window.__pwned,
    scripts,
    handlers, badLinks,
    foreign: document.querySelectorAll('img, iframe, object, embed, svg, math, form:not(#filters), base, link, meta[http-equiv=refresh]').length,
    hrefs: Array.from(document.querySelectorAll('[href]')).map(a => a.getAttribute('href')).filter(h => !h.startsWith('#')),
    text: document.body.textContent,
  };
}"""


def test_hostile_schema_and_spec_run_no_script(tab, hostile_html):
    tab.open(hostile_html)
    page = tab.page
    page.click("button[data-expand=all]")
    for row in page.locator("tbody.item tr.row").all()[:4]:
        row.hover()  # an onmouseover that escaped escaping would fire now
        row.click()
    result = page.evaluate(HOSTILE_CHECKS)
    assert result["pwned"] == "undefined"
    assert result["scripts"] == OUR_SCRIPTS  # the one in <head> and the one at the end of <body>, nothing else
    assert result["handlers"] == [] and result["badLinks"] == [] and result["hrefs"] == []
    assert result["foreign"] == 0
    # ... and the payloads are shown as the text they are
    assert '<script>window.__pwned = "term"</script>' in result["text"]
    assert "javascript:window.__pwned='enumeration link'" in result["text"]
    assert "<img src=x onerror=\"window.__pwned='cell'\">" in result["text"]
    assert tab.errors == []


def test_hostile_content_stays_inert_even_without_the_content_security_policy(tab, hostile_html, tmp_path):
    # The CSP is a second line; escaping alone must hold: the same page with the policy removed runs nothing.
    text = hostile_html.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    assert stripped != text
    page_path = tmp_path / "no-csp.html"
    page_path.write_text(stripped, encoding="utf-8")
    tab.open(page_path)
    tab.page.click("button[data-expand=all]")
    result = tab.page.evaluate(HOSTILE_CHECKS)
    assert result["pwned"] == "undefined" and result["handlers"] == [] and result["badLinks"] == []
    assert result["scripts"] == OUR_SCRIPTS
    assert tab.errors == []


def test_hostile_html_source_escapes_every_input_string(hostile_html):
    page = parse_html(hostile_html.read_text(encoding="utf-8"))
    assert page.tags["script"] == 2
    assert not {"img", "iframe", "object", "embed", "svg", "base", "link", "frame"} & set(page.tags)
    assert page.handlers == []
    assert all(href.startswith("#") for href in page.hrefs)
    assert '<script>window.__pwned = "term"</script>' in page.text


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.handlers: list[str] = []
        self.hrefs: list[str] = []
        self.meta: dict[str, str] = {}
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]
        if tag == "meta" and values.get("http-equiv"):
            self.meta[values["http-equiv"] or ""] = values.get("content") or ""

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


# --- scale ------------------------------------------------------------------------------------------------------


def many_findings_report(count: int):  # noqa: ANN201
    """The demo run's inputs and what it read, with `count` findings spread over the DUIS file and every rule."""
    from duislint import pipeline
    from duislint.findings import Finding, Location, Report
    from duislint.rules import RuleKind, all_rules

    with at_root():
        demo = pipeline.check(["schemas/demo"], list(DEMO_SPECS[1::2]))
    rules = all_rules(RuleKind.CHECK)
    duis = "schemas/demo/DUIS Demo V9.1.xsd"
    lines = len(demo.material.lines(duis))
    labels = sorted(n.label for n in demo.material.graph.nodes.values() if n.defined)
    findings = []
    for n in range(count):
        rule = rules[n % len(rules)]
        subject = labels[n % len(labels)] if n % 2 else f"sr:Synthetic{n}"
        findings.append(Finding(rule.id, rule.severity, f"synthetic finding {n} of {rule.name}", subject,
                                Location(duis, 1 + n % lines), (Location(duis, 1 + (n * 7) % lines),),
                                "a suggestion" if n % 3 == 0 else None))  # fmt: skip
    return Report(inputs=demo.inputs, findings=findings, material=demo.material)


FILTER_TIMING = """([selector, action, value]) => {
  const el = document.querySelector(selector);
  const start = performance.now();
  if (action === 'fill') { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }
  else if (action === 'select') { el.value = value; el.dispatchEvent(new Event('change', {bubbles: true})); }
  else { el.click(); }
  document.body.getBoundingClientRect();  // the style and layout the change causes, measured with it
  void document.body.offsetHeight;
  return {ms: performance.now() - start, shown: +document.getElementById('shown').textContent};
}"""


def test_five_thousand_findings_render_and_filter_without_freezing(tab, tmp_path):
    from duislint.report import formats, html

    report = many_findings_report(5000)
    started = time.perf_counter()
    text = html.render_check(report, formats.Options())
    render_s = time.perf_counter() - started
    path = tmp_path / "5000.html"
    path.write_text(text, encoding="utf-8")
    tab.open(path)
    page = tab.page
    loaded_ms = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    assert shown_count(tab) == 5000

    by_rule = sum(f.rule == "XS101" for f in report.findings)
    warnings = sum(f.severity.value == "warning" for f in report.findings)
    steps = {
        "text": ("#filters input[type=search]", "fill", "finding 4321 of", 1),
        "clear text": ("#filters input[type=search]", "fill", "", 5000),
        "rule": ("#filters select[data-filter=rule]", "select", "XS101", by_rule),
        "all rules": ("#filters select[data-filter=rule]", "select", "", 5000),
        "severity": ("#filters input[value=warning]", "click", None, 5000 - warnings),
        "sort": ("th[data-sort=rule]", "click", None, 5000 - warnings),
        "expand all": ("button[data-expand=all]", "click", None, 5000 - warnings),
    }
    timings = {}
    for name, (selector, action, value, expected) in steps.items():
        result = page.evaluate(FILTER_TIMING, [selector, action, value])
        timings[name] = round(result["ms"], 1)
        assert result["shown"] == expected, name
        assert result["ms"] < TIME_BOUND_MS, f"{name} took {result['ms']:.0f} ms"
    kept(tmp_path, "html-5000-timings.json").write_text(json.dumps(
        {"findings": 5000, "html_bytes": len(text.encode()), "render_s": round(render_s, 2),
         "dom_content_loaded_ms": round(loaded_ms), "in_page_ms": timings}, indent=2) + "\n")  # fmt: skip
    assert tab.errors == []


# --- diff -------------------------------------------------------------------------------------------------------


@pytest.fixture
def uplift(tmp_path) -> tuple[Path, Path]:
    """The demo and a next version of it that makes ScheduleEndDate mandatory and drops response code E084103."""
    old, new = tmp_path / "old", tmp_path / "new"
    for side in (old, new):
        side.mkdir()
        for xsd in DEMO.glob("*.xsd"):
            shutil.copy(xsd, side / xsd.name)
    duis = new / "DUIS Demo V9.1.xsd"
    text = duis.read_text(encoding="utf-8")
    for before, after in (('name="ScheduleEndDate" type="xs:date" minOccurs="0"', 'name="ScheduleEndDate" type="xs:date"'),
                          ('            <xs:enumeration value="E084103"/>\n', "")):  # fmt: skip
        assert text.count(before) == 1
        text = text.replace(before, after)
    duis.write_text(text, encoding="utf-8")
    return old, new


def test_diff_report_groups_changes_by_impact_with_old_and_new_side_by_side(tab, uplift, tmp_path):
    old, new = uplift
    html_path, json_path = tmp_path / "diff.html", tmp_path / "diff.json"
    result = duislint("diff", old, new, "--fail-on", "never", "--format", "html", "-o", html_path,
                      "--format", "json", "-o", json_path)  # fmt: skip
    assert result.code == 0, result.err
    expected = json.loads(json_path.read_text(encoding="utf-8"))
    tab.open(html_path)
    page = tab.page
    for impact, count in expected["summary"].items():
        assert page.text_content(f"#count-{impact}") == str(count)
    assert page.locator("tbody.item").count() == len(expected["changes"])

    change = page.locator("tbody.item", has_text="ScheduleEndDate").first
    assert change.get_attribute("data-impact") == "breaking"
    change.locator("tr.row").click()
    old_line = change.locator("figure.old pre.src .ln.mark").text_content()
    new_line = change.locator("figure.new pre.src .ln.mark").text_content()
    assert 'minOccurs="0"' in old_line and "ScheduleEndDate" in new_line and "minOccurs" not in new_line

    removed = page.locator("tbody.item", has_text="E084103").first
    removed.locator("tr.row").click()
    assert 'value="E084103"' in removed.locator("figure.old .ln.mark").text_content()
    assert removed.locator(".side-by-side .none").text_content().startswith("new: not present")

    page.uncheck("#filters input[value=breaking]")
    assert not page.is_visible("#impact-breaking")  # a group with nothing left to show hides
    assert shown_count(tab) == len(expected["changes"]) - expected["summary"]["breaking"]
    assert tab.errors == []


# --- determinism, self-containment, cost --------------------------------------------------------------------------


def test_html_is_byte_identical_for_identical_inputs(demo, tmp_path):
    again = tmp_path / "again.html"
    result = duislint("check", "schemas/demo", *DEMO_SPECS, "--fail-on", "never", "--format", "html", "-o", again)
    assert result.code == 0, result.err
    assert again.read_bytes() == demo["html"].read_bytes()


def test_diff_html_of_a_git_revision_is_byte_identical_and_names_the_revision(tmp_path):
    outputs = [tmp_path / "1.html", tmp_path / "2.html"]
    for output in outputs:
        result = duislint("diff", "HEAD:schemas/demo", "schemas/demo", "--fail-on", "never", "--format", "html",
                          "-o", output)  # fmt: skip
        assert result.code == 0, result.err
    text = outputs[0].read_text(encoding="utf-8")
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert "HEAD:schemas/demo/DUIS Demo V9.1.xsd" in text
    assert "duislint-" not in text  # the temporary folder the revision was exported to


def test_html_report_is_self_contained(demo):
    text = demo["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text)
    assert "@import" not in text and "url(" not in text and "@font-face" not in text
    page = parse_html(text)
    policy = page.meta["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';") and "script-src 'sha256-" in policy
    assert page.tags["style"] == 1 and page.tags["script"] == 2 and page.tags["link"] == 0


def test_jinja2_is_imported_only_when_html_is_asked_for():
    probe = (
        "import sys, io, contextlib\n"
        "from duislint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', 'schemas/demo', '--format', 'json', '--format', 'markdown', '--fail-on', 'never'])\n"
        "print('jinja2' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


# --- markdown ---------------------------------------------------------------------------------------------------


def test_markdown_summary_counts_and_lists_errors_first_with_links(demo, demo_json):
    text = demo["markdown"].read_text(encoding="utf-8")
    summary = demo_json["summary"]
    total = len(demo_json["findings"])
    assert text.startswith(f"### duislint: {total} findings\n")
    assert f"**{summary['error']}** errors, **{summary['warning']}** warnings, **{summary['info']}** info" in text
    rows = [line for line in text.splitlines() if line.startswith("| error") or line.startswith("| warning")
            or line.startswith("| info")]  # fmt: skip
    assert len(rows) == 20
    severities = [row.split("|")[1].strip() for row in rows]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert f"…and {total - 20} more findings" in text
    assert "[DUIS Demo V9.1.xsd:147](schemas/demo/DUIS%20Demo%20V9.1.xsd#L147)" in text
    assert "| spec | 5 | 15 | 1 |" in text


def test_markdown_links_at_the_commit_under_github_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "dcc/duis")
    monkeypatch.setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
    result = duislint("check", "schemas/demo", "--format", "markdown", "--fail-on", "never")
    assert result.code == 0, result.err
    assert ("(https://github.com/dcc/duis/blob/0123456789abcdef0123456789abcdef01234567/"
            "schemas/demo/DUIS%20Demo%20V9.1.xsd#L147)") in result.out  # fmt: skip


def test_markdown_shows_hostile_text_as_text():
    result = duislint("check", HOSTILE, "--spec", HOSTILE_SPEC, "--format", "markdown", "--fail-on", "never")
    assert result.code == 0, result.err
    out = result.out
    assert "<script" not in out and "<img" not in out and "<b " not in out
    assert "&lt;script&gt;" in out
    assert "](javascript" not in out
    for row in (line for line in out.splitlines() if line.startswith("| ") and "---" not in line):
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) == 4  # no cell split by a '|' from the inputs


def test_clean_markdown_says_so(write):
    from tests.conftest import sr_schema

    path = write("clean.xsd", sr_schema('<xs:element name="Request" type="xs:string"/>'))
    result = duislint("check", path, "--format", "markdown")
    assert result.code == 0, result.err
    assert "### duislint: 0 findings" in result.out and "No findings in 1 input file" in result.out


def test_html_and_markdown_show_only_the_findings_a_baseline_does_not_accept(tmp_path):
    baseline = tmp_path / "baseline.json"
    matrix = ("--spec", "schemas/demo/service-request-matrix.json")
    result = duislint("check", "schemas/demo", *matrix, "--select", "XS", "--baseline", baseline, "--update-baseline")
    assert result.code == 0, result.err
    outputs = {fmt: tmp_path / f"gate.{fmt}" for fmt in ("html", "json", "markdown")}
    result = duislint("check", "schemas/demo", *matrix, "--baseline", baseline, "--fail-on", "never",
                      *(arg for fmt, path in outputs.items() for arg in ("--format", fmt, "-o", path)))  # fmt: skip
    assert result.code == 0, result.err
    report = json.loads(outputs["json"].read_text(encoding="utf-8"))
    accepted = report["baseline"]["baselined"]
    assert accepted == 4 and {f["rule"][:2] for f in report["findings"]} == {"DU"}  # the 4 XS findings
    html_text = outputs["html"].read_text(encoding="utf-8")
    assert f'<b id="count-total">{len(report["findings"])}</b>' in html_text
    assert html_text.count('<tbody class="item"') == len(report["findings"])
    assert f"{accepted} findings accepted by the baseline" in html_text
    assert f"{accepted} findings accepted by the baseline" in outputs["markdown"].read_text(encoding="utf-8")
