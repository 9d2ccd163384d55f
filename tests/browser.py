"""Headless Chromium for the HTML report's tests: Debian's `chromium` package driven by playwright's Python API
through `executable_path` (no `playwright install`, no browser download).

Without chromium or playwright the browser tests skip and say why, except in CI (`.ci/run` sets
DUISLINT_REQUIRE_DATA=1; CI services set CI=true), where they must run.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def required() -> bool:
    return os.environ.get("DUISLINT_REQUIRE_DATA") == "1" or os.environ.get("CI", "").lower() == "true"


def chromium_path() -> str | None:
    """Debian's chromium; DUISLINT_CHROMIUM names another binary (set empty: none, to see the tests skip)."""
    if "DUISLINT_CHROMIUM" in os.environ:
        candidates = [os.environ["DUISLINT_CHROMIUM"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium") or ""]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def unavailable(reason: str) -> None:
    if required():
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Debian's chromium)")
    pytest.skip(reason)


@dataclass
class Tab:
    """A page and everything it said on the console."""

    page: object
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Tab:
        self.page.goto(path.resolve().as_uri())  # type: ignore[attr-defined]
        return self


class Browser:
    """One Chromium for the session, with a fresh user-data-dir; a new tab per test."""

    def __init__(self, user_data: Path) -> None:
        executable = chromium_path()
        if executable is None:
            unavailable("Debian's chromium is not installed (apt-get install chromium)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            unavailable("the playwright Python package is not installed (pip install -e '.[dev]')")
        self._playwright = sync_playwright().start()
        try:
            self.context = self._playwright.chromium.launch_persistent_context(
                str(user_data),
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
            )
        except Exception:
            self._playwright.stop()
            raise

    def tab(self, javascript: bool = True) -> Tab:
        page = self.context.new_page()
        if not javascript:  # as a reader with JavaScript off sees the page
            self.context.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})
        tab = Tab(page)
        page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
        return tab

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self._playwright.stop()
