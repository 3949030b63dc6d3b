"""The HTML report (``mpkatas grade --html``), checked as text and in a real browser.

The browser is Debian's chromium (``/usr/bin/chromium``) driven by Playwright; the page
is opened from a ``file://`` URL with every request routed through the test, so a
request that is not for a local file fails the test. Without chromium the browser tests
fail, saying how to install it: a report nobody has seen render is not tested.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from katas._kit import catalog
from katas._kit.html_report import render
from tests.report_fixture import HOSTILE, HOSTILE_MESSAGE, LONG_DETAILS, LONG_MESSAGE, cohort_report

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = (
    "install Debian's chromium: apt-get update && apt-get install -y --no-install-recommends chromium "
    "(.ci/run does this when it is missing)"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCHEMA = json.loads((catalog.REPO_ROOT / "katas" / "_kit" / "report.schema.json").read_text(encoding="utf-8"))
RANK = {"passing": 0, "failing": 1, "not_attempted": 2, "not_graded": 3}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return cohort_report()


@pytest.fixture(scope="module")
def report_file(report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(report), encoding="utf-8")
    return path


# --- The page as text ----------------------------------------------------------------


def test_the_fixture_cohort_follows_the_report_schema(report: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
    assert not errors, errors
    assert len(report["learners"]) == 8
    statuses = {kata["status"] for learner in report["learners"] for kata in learner["katas"]}
    assert statuses == set(RANK)


def test_the_page_refers_to_nothing_on_the_network(report: dict[str, Any]) -> None:
    html = render(report)
    assert "http://" not in html and "https://" not in html
    tags = re.findall(r"<[a-z][^>]*>", html, re.IGNORECASE)  # the page's own: data has no "<"
    assert [tag for tag in tags if re.search(r"\b(src|href|action|srcset)\s*=", tag, re.IGNORECASE)] == []
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert style is not None and not re.search(r"@import|url\(", style.group(1))
    assert "default-src 'none'" in html


def test_learners_text_never_reaches_the_html_parser(report: dict[str, Any]) -> None:
    html = render(report)
    assert HOSTILE not in html and "<img" not in html and "<!--" not in html
    assert html.count("<script") == html.count("</script>") == 2
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.DOTALL)
    assert data is not None
    assert json.loads(data.group(1)) == report


def test_only_a_grading_report_is_rendered() -> None:
    with pytest.raises(ValueError, match="not an mpkatas report"):
        render({"format": "something-else"})


# --- The page in chromium ------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser | str]:
    """One browser for the module, or why there is none: each test then fails saying so."""
    if not CHROMIUM.is_file():
        yield f"{CHROMIUM} is missing: {INSTALL}"
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield "playwright is not installed: python -m pip install -e '.[dev]'"
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A page and everything it did that a self-contained report must not do."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def routed(self, route: Route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@contextlib.contextmanager
def opened(chromium: Browser | str, url: str, check: bool = True) -> Iterator[Opened]:
    """The page at ``url`` in a fresh context; on leaving, no error, dialog or request out."""
    if isinstance(chromium, str):
        pytest.fail(chromium, pytrace=False)
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        view = Opened(page)
        page.on("console", view.console)
        page.on("pageerror", lambda error: view.errors.append(f"page error: {error}"))
        page.on("dialog", view.dialog)
        page.on("request", lambda request: view.requests.append(request.url))
        context.route("**/*", view.routed)
        page.goto(url)
        yield view
        if check:
            assert view.errors == [], view.errors
            assert view.dialogs == [], view.dialogs
            assert view.blocked == [], view.blocked
            assert all(r.startswith("file:") for r in view.requests), view.requests
    finally:
        context.close()


def learner_order(page: Page) -> list[str]:
    return page.locator("#matrix tbody th[scope=row] button.learner").all_text_contents()


def cell(page: Page, learner: str, kata: str) -> Any:
    row = page.locator("#matrix tbody tr").filter(has=page.get_by_role("button", name=learner, exact=True))
    return row.locator(f"button.cell[data-kata={kata}]")


def test_the_page_loads_without_errors_dialogs_or_requests(chromium: Browser | str, report_file: Path) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        assert view.page.title() == "mpkatas report: cohort"
        assert view.requests == [report_file.as_uri()]


def test_the_network_guard_catches_a_page_that_fetches(chromium: Browser | str, tmp_path: Path) -> None:
    page = tmp_path / "fetches.html"
    page.write_text('<!DOCTYPE html><img src="http://example.invalid/pixel.png" alt="">', encoding="utf-8")
    with opened(chromium, page.as_uri(), check=False) as view:
        view.page.wait_for_load_state("load")
        assert view.blocked == ["http://example.invalid/pixel.png"]


def test_the_matrix_shows_every_learner_and_kata_with_its_status(
    chromium: Browser | str, report_file: Path, report: dict[str, Any]
) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        assert learner_order(page) == [learner["name"] for learner in report["learners"]]
        headings = page.locator("#matrix thead th").all_text_contents()
        assert headings == ["Learner", *(kata.id for kata in catalog.KATAS), "Passing"]
        shown = page.evaluate(
            """() => [...document.querySelectorAll('#matrix tbody tr')].map((tr) =>
                 [...tr.querySelectorAll('button.cell')].map((b) => [b.dataset.kata, b.className]))"""
        )
        expected = [
            [[kata["kata"], f"cell status-{kata['status']}"] for kata in learner["katas"]]
            for learner in report["learners"]
        ]
        assert shown == expected
        passed = page.locator("#matrix tfoot td[data-kata]").all_text_contents()
        assert passed == [
            f"{sum(learner['katas'][i]['status'] == 'passing' for learner in report['learners'])}/8"
            for i in range(len(catalog.KATAS))
        ]
        # every status has a word and a symbol besides its colour
        assert cell(page, "ada", "q2").inner_text() == "\u2713 pass"
        assert cell(page, "ben", "q7").inner_text() == "\u2717 fail 1/12"
        assert cell(page, "fatima", "q1").inner_text() == "\u25cb not attempted"
        assert cell(page, "gus", "q6").inner_text() == "\u26a0 not graded"
        assert cell(page, "ada", "q1").inner_text() == "\u2713 pass \u21b72"  # two speed checks skipped


def test_the_kata_the_cohort_struggles_with_comes_first(chromium: Browser | str, report_file: Path) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        rows = view.page.locator("#katas tbody tr")
        assert rows.first.locator("th").inner_text() == "q9 hardest"
        assert rows.first.locator("td.passed").inner_text() == "1 of 8"


def test_clicking_a_failing_cell_shows_its_failure_under_its_start_method(
    chromium: Browser | str, report_file: Path
) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        detail = page.locator("#detail")
        assert detail.is_hidden()
        cell(page, "ben", "q7").click()
        assert detail.is_visible()
        assert page.locator("#detail h2").inner_text() == "ben \u00b7 q7"
        assert "Can't pickle local object 'preprocess_all.<locals>.load'" in detail.inner_text()
        assert detail.locator("h3").all_text_contents() == ["Failures under spawn (1)"]
        assert cell(page, "ben", "q7").get_attribute("aria-expanded") == "true"


def test_a_long_failure_message_is_shown_whole_with_its_traceback(chromium: Browser | str, report_file: Path) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        cell(page, "chloé", "q5").click()
        messages = page.locator("#detail pre.message").all_text_contents()
        assert messages == [LONG_MESSAGE] * 3
        traceback = page.locator("#detail pre.traceback").first
        assert traceback.is_hidden()  # folded until asked for
        page.locator("#detail details summary").first.click()
        assert traceback.is_visible() and traceback.text_content() == LONG_DETAILS


def test_a_kata_not_graded_shows_why_and_a_learner_shows_its_error(chromium: Browser | str, report_file: Path) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        cell(page, "gus", "q6").click()
        assert "not graded (the graders reported 4 of 6 tests)" in page.locator("#detail").inner_text()
        page.get_by_role("button", name="dmitri", exact=True).click()
        text = page.locator("#detail").inner_text()
        assert "The graders could not run on this copy" in text
        assert "unrecognized arguments: --submission" in text


def test_sorting_by_a_kata_puts_its_passing_learners_first_then_last(
    chromium: Browser | str, report_file: Path, report: dict[str, Any]
) -> None:
    def key(item: tuple[int, dict[str, Any]]) -> tuple[int, float, int]:
        index, learner = item
        totals = learner["katas"][4]["totals"]
        bad = totals["failed"] + totals["not_attempted"]
        tests = bad + totals["passed"] + totals["skipped"]
        return RANK[learner["katas"][4]["status"]], bad / tests if tests else 0.0, index

    expected = [learner["name"] for _, learner in sorted(enumerate(report["learners"]), key=key)]
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        before = learner_order(page)
        heading = page.locator("#matrix thead th[data-sort='kata:q5']")
        heading.get_by_role("button").click()
        assert learner_order(page) == expected != before
        assert heading.get_attribute("aria-sort") == "ascending"
        heading.get_by_role("button").click()
        assert learner_order(page) == expected[::-1]
        assert heading.get_attribute("aria-sort") == "descending"


def test_sorting_by_learner_orders_names_and_reverses_on_a_second_click(
    chromium: Browser | str, report_file: Path, report: dict[str, Any]
) -> None:
    names = [learner["name"] for learner in report["learners"]]
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        page.locator("#matrix thead th[data-sort='kata:q1'] button").click()
        assert learner_order(page) != names
        by_name = page.get_by_role("button", name="Learner")
        by_name.click()
        assert learner_order(page) == names  # the folders' order: already by name
        by_name.click()
        assert learner_order(page) == names[::-1]


def test_a_learner_named_like_a_script_tag_is_text_and_runs_nothing(
    chromium: Browser | str, report_file: Path
) -> None:
    with opened(chromium, report_file.as_uri()) as view:  # leaving it checks that no dialog fired
        page = view.page
        assert learner_order(page)[0] == HOSTILE
        cell(page, HOSTILE, "q1").click()
        assert page.locator("#detail h2").inner_text() == f"{HOSTILE} \u00b7 q1"
        assert page.locator("#detail pre.message").text_content() == HOSTILE_MESSAGE
        assert page.locator("script").count() == 2 and page.locator("img").count() == 0


def test_the_keyboard_opens_and_closes_the_details(chromium: Browser | str, report_file: Path) -> None:
    with opened(chromium, report_file.as_uri()) as view:
        page = view.page
        target = cell(page, "emeka", "q10")
        target.focus()
        page.keyboard.press("Enter")
        assert page.locator("#detail").is_visible()
        assert "increments were lost" in page.locator("#detail").inner_text()
        page.keyboard.press("Escape")
        assert page.locator("#detail").is_hidden()
        assert page.evaluate("document.activeElement.dataset.kata") == "q10"
