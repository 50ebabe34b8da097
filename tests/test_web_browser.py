"""`m2w serve` in a real browser (Debian's chromium through Playwright): filling a dimension by mouse
and by keyboard, the server killed and started again, a plain form without script, 390 px phones,
axe-core's accessibility rules, and a team session with two respondents and a facilitator."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from web_support import MINI, Server, csrf_of

from m2w_tool.answering import NewAssessment, start_assessment
from m2w_tool.answers import DONT_KNOW, NA, load_answers
from m2w_tool.web.config import Secrets


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Server(tmp_path_factory.mktemp("served")) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def new_file(folder: Path, who: str, module: str = "all") -> Path:
    return start_assessment(folder, MINI, NewAssessment("Mentor Gent", respondent=who, module=module, language="en"))


def wait_saved(page, timeout: float = 15_000) -> None:
    """Until the page says 'saved' and holds nothing unconfirmed."""
    page.wait_for_function(
        """() => { const s = document.getElementById('save-status');
                   const form = document.querySelector('form[data-autosave]');
                   return s.dataset.state === 'saved'
                       && localStorage.getItem('m2w:pending:' + form.dataset.autosave) === null; }""",
        timeout=timeout,
    )


def checked(page, name: str) -> str | None:
    return page.evaluate(
        'name => { const r = document.querySelector(`input[name="${name}"]:checked`); return r ? r.value : null; }',
        name,
    )


def choose(page, question: str, label: str) -> None:
    page.locator(f"#q-{question} > .choices label.choice", has_text=label).click()


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus: it is reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("sel => document.activeElement && document.activeElement.matches(sel)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with Tab")


# --- filling a dimension ---------------------------------------------------------------------------


def test_fill_a_dimension_with_the_mouse(server, page) -> None:
    path = new_file(server.folder, "Mouse")
    page.goto(f"{server.url}/a/{path.name}/d01?lang=en")
    choose(page, "d01-q1", "Largely")
    choose(page, "d01-q2", "Not applicable")
    page.locator("#q-d01-q1 details.more > summary").click()
    page.fill("textarea[name='q.d01-q1.note']", "Staat in het plan; نعم 🙂")
    page.locator("#importance-d01 label.choice", has_text="Very important").click()
    page.locator("#target-d01 label.choice", has_text="Established").click()
    page.fill("input[name='d.d01-alpha.action.0.what']", "Plan <b>schrijven</b>")
    page.fill("input[name='d.d01-alpha.action.0.who']", "Ann")
    wait_saved(page)
    assert "Saved at" in page.inner_text("#save-status")
    assert page.inner_text("li[data-dim='d01'] [data-count]") == "4 of 4"

    page.reload()
    assert checked(page, "q.d01-q1.value") == "4" and checked(page, "q.d01-q2.value") == NA
    assert page.input_value("textarea[name='q.d01-q1.note']") == "Staat in het plan; نعم 🙂"
    assert page.input_value("input[name='d.d01-alpha.action.0.what']") == "Plan <b>schrijven</b>"
    answers = load_answers(path)
    assert (answers.answers["d01-q1"].value, answers.answers["d01-q2"].value) == (4, NA)
    assert answers.answers["d01-q1"].note == "Staat in het plan; نعم 🙂"
    dim = answers.dimensions["d01-alpha"]
    assert (dim.importance, dim.target, dim.actions[0].what, dim.actions[0].who) == (
        4, "established", "Plan <b>schrijven</b>", "Ann",
    )  # fmt: skip


def test_fill_a_dimension_with_the_keyboard_alone(server, page) -> None:
    path = new_file(server.folder, "Keys", module="quality")
    page.goto(f"{server.url}/a/{path.name}/q01?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    tab_to(page, "input[name='q.q01-q1.value']")
    page.keyboard.press("Space")  # No (0)
    page.keyboard.press("ArrowRight")  # Partly (1): "how well" opens
    assert page.is_visible("fieldset[data-how-well-for='q01-q1']")
    tab_to(page, "input[name='q.q01-q1.how_well']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Adequate (3)
    tab_to(page, "#q-q01-q1 details.more > summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Intake form v3")
    tab_to(page, "input[name='q.q01-q2.value']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowLeft")  # from the first to the last choice: don't know (a minimum: no n/a)
    tab_to(page, "input[name='d.q01-gamma.importance']")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 5
    tab_to(page, "input[name='d.q01-gamma.action.0.what']")
    page.keyboard.type("Intake herzien")
    page.keyboard.press("Tab")  # leaving the field sends it at once
    wait_saved(page)

    page.reload()
    assert checked(page, "q.q01-q1.value") == "1" and checked(page, "q.q01-q1.how_well") == "3"
    assert checked(page, "q.q01-q2.value") == DONT_KNOW and checked(page, "d.q01-gamma.importance") == "5"
    answers = load_answers(path)
    assert (answers.answers["q01-q1"].value, answers.answers["q01-q1"].how_well) == (1, 3)
    assert answers.answers["q01-q1"].note == "Intake form v3"
    assert answers.answers["q01-q2"].value == DONT_KNOW
    assert answers.dimensions["q01-gamma"].importance == 5
    assert answers.dimensions["q01-gamma"].actions[0].what == "Intake herzien"


def test_without_script_the_page_is_an_ordinary_form(server, browser) -> None:
    path = new_file(server.folder, "NoScript")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/a/{path.name}/d01?lang=en")
        choose(page, "d01-q1", "Fully")
        page.locator("#q-d01-q1 details.more > summary").click()
        page.fill("textarea[name='q.d01-q1.evidence']", "Jaarverslag 2025")
        page.click("button[value='next']")
        assert page.url.endswith("/d02?saved=1")
        assert "Saved." in page.inner_text("main")
        answers = load_answers(path)
        assert (answers.answers["d01-q1"].value, answers.answers["d01-q1"].evidence) == (5, "Jaarverslag 2025")
    finally:
        context.close()


# --- the server killed in the middle -------------------------------------------------------------------


def test_kill_9_in_the_middle_loses_nothing_confirmed(browser, tmp_path: Path) -> None:
    path = new_file(tmp_path, "Crash")
    running = Server(tmp_path).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{running.url}/a/{path.name}/d01?lang=en")
        choose(page, "d01-q1", "Partly")
        wait_saved(page)

        running.kill9()
        choose(page, "d01-q2", "Fully")
        page.locator("#q-d01-q1 details.more > summary").click()
        page.fill("textarea[name='q.d01-q1.note']", "typed while the server was gone")
        page.locator("textarea[name='q.d01-q1.note']").blur()
        page.wait_for_function("document.getElementById('save-status').dataset.state === 'offline'")
        assert "cannot be reached" in page.inner_text("#save-status")
        assert load_answers(path).answers["d01-q1"].value == 3  # confirmed before the kill

        running.start()  # the same port: the page sends what it kept
        wait_saved(page)
        answers = load_answers(path)
        assert answers.answers["d01-q1"].value == 3
        assert answers.answers["d01-q2"].value == 5
        assert answers.answers["d01-q1"].note == "typed while the server was gone"
    finally:
        context.close()
        running.stop()


def test_a_note_typed_as_the_connection_drops_is_back_in_view_after_a_reload(server, page) -> None:
    path = new_file(server.folder, "Dropped")
    url = f"{server.url}/a/{path.name}/d01?lang=en"
    page.route("**/save", lambda route: route.abort("connectionreset"))  # the network is gone
    page.goto(url)
    page.locator("#q-d01-q2 details.more > summary").click()
    page.locator("textarea[name='q.d01-q2.note']").press_sequentially("half a thought")
    page.wait_for_function("() => document.getElementById('save-status').dataset.state === 'offline'")
    page.reload()  # the page comes back, the answers do not yet reach the server
    assert page.input_value("textarea[name='q.d01-q2.note']") == "half a thought"
    assert page.evaluate("document.querySelector('#q-d01-q2 details.more').open")  # in view, not folded away
    page.unroute("**/save")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    assert load_answers(path).answers["d01-q2"].note == "half a thought"


def test_a_note_typed_just_before_leaving_the_page_reaches_the_file(server, page) -> None:
    # Typing, then Back at once (inside the pause before a typed text is sent): the text is sent as
    # the page goes, not only on the next visit to the questionnaire.
    path = new_file(server.folder, "Leaving")
    page.goto(f"{server.url}/?lang=en")
    page.goto(f"{server.url}/a/{path.name}/d01?lang=en")
    page.locator("#q-d01-q1 details.more > summary").click()
    page.locator("textarea[name='q.d01-q1.note']").press_sequentially("said as I left")
    page.go_back()
    for _ in range(50):  # bounded: the request outlives the page, the file follows within moments
        if load_answers(path).answers.get("d01-q1") and load_answers(path).answers["d01-q1"].note:
            break
        time.sleep(0.1)
    assert load_answers(path).answers["d01-q1"].note == "said as I left"


def test_a_criterion_kept_from_an_interrupted_visit_shows_its_how_well_again(server, page) -> None:
    path = new_file(server.folder, "Criterion", module="quality")
    page.route("**/save", lambda route: route.abort("connectionreset"))
    page.goto(f"{server.url}/a/{path.name}/q01?lang=en")
    choose(page, "q01-q1", "Partly")
    page.locator("fieldset[data-how-well-for='q01-q1'] label.choice").nth(2).click()
    page.wait_for_function("() => document.getElementById('save-status').dataset.state === 'offline'")
    page.reload()
    assert checked(page, "q.q01-q1.value") == "1" and checked(page, "q.q01-q1.how_well") == "3"
    assert page.is_visible("fieldset[data-how-well-for='q01-q1']")  # not hidden with its answer in it
    page.unroute("**/save")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    answer = load_answers(path).answers["q01-q1"]
    assert (answer.value, answer.how_well) == (1, 3)


def test_kill_9_during_a_stream_of_saves_keeps_every_confirmed_answer(tmp_path: Path) -> None:
    path = new_file(tmp_path, "Stream")
    running = Server(tmp_path).start()
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    token = csrf_of(opener.open(f"{running.url}/a/{path.name}/d01").read().decode())
    confirmed: dict[str, str] = {}
    killed = threading.Event()

    def send(i: int) -> None:
        name = "q.d01-q1.note" if i % 2 else "q.d02-q1.note"
        body = urllib.parse.urlencode({"name": name, "value": f"note {i}"}).encode()
        request = urllib.request.Request(f"{running.url}/a/{path.name}/save", data=body,
                                         headers={"X-CSRF-Token": token, "Accept": "application/json"})  # fmt: skip
        try:
            with opener.open(request, timeout=5) as response:
                if json.load(response)["ok"]:
                    confirmed[name] = f"note {i}"
        except (urllib.error.URLError, ConnectionError, OSError):
            killed.set()

    killer = threading.Thread(target=running.kill9)
    try:
        i = 0
        while not killed.is_set() and i < 2000:
            send(i)
            i += 1
            if i == 40:
                killer.start()  # while the saves go on
        killer.join()
        assert killed.is_set() and len(confirmed) == 2
        running.start()
        answers = load_answers(path)  # a whole file, never half written
        for name, value in confirmed.items():
            assert answers.answers[name.split(".")[1]].note == value
    finally:
        running.stop()


def test_the_action_plan_page_sets_how_far_each_action_got(server, page) -> None:
    from m2w_tool.answering import AnswersStore, Change

    path = new_file(server.folder, "Plan")
    AnswersStore(MINI).change(path, [Change.parse("d.d01-alpha.action.0.what", "Intake herzien"),
                                     Change.parse("d.d01-alpha.action.0.when", "maart 2027")])  # fmt: skip
    page.goto(f"{server.url}/r/{path.name}?lang=en")
    page.click(".report-bar a:has-text('Action status')")
    page.locator(".plan-item", has_text="Intake herzien").locator("label.choice", has_text="done").click()
    wait_saved(page)
    assert load_answers(path).dimensions["d01-alpha"].actions[0].status == "done"
    page.reload()
    assert checked(page, "d.d01-alpha.action.0.status") == "done"


# --- phones and accessibility ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def answered(server) -> Path:
    """A file with answers, so the report has its tables and charts."""
    path = new_file(server.folder, "Report")
    from m2w_tool.answering import AnswersStore, Change

    changes = [Change.parse(f"q.{q}.value", "3" if q.startswith("d") else "1") for q in MINI.questions]
    changes.append(Change.parse("d.d01-alpha.action.0.what", "Een heel lang actiepunt " * 8))
    AnswersStore(MINI).change(path, changes)
    return path


def test_390_px_phone_has_no_horizontal_scrolling(server, browser, answered) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for lang in ("nl", "en"):
            for url in (
                "/",
                f"/a/{answered.name}/d01",
                f"/a/{answered.name}/q01",
                f"/r/{answered.name}",
                "/workbooks",
                f"/a/{answered.name}/plan",
            ):
                page.goto(f"{server.url}{url}?lang={lang}")
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, (url, lang, width)
        # On a phone the served report looks as the report itself does: its wide tables scroll in their
        # own box at the report's size, not squeezed to the screen in smaller type.
        from m2w_tool.web.library import report_page

        measure = """() => { const cell = document.querySelector('.plan td.c-what');
                             const width = Math.round(cell.getBoundingClientRect().width);
                             return [width, getComputedStyle(cell).fontSize]; }"""
        page.goto(f"{server.url}/r/{answered.name}?lang=en")
        served = page.evaluate(measure)
        page.set_content(report_page(MINI, answered, "en", None).html)
        assert served == page.evaluate(measure)
    finally:
        context.close()


def assert_accessible(page) -> None:
    """axe-core (bundled with axe-playwright-python, injected from disk: no network) finds no
    serious or critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], (page.url, bad)


def test_axe_finds_no_serious_or_critical_violation(server, page, answered) -> None:
    pages = (
        "/",
        f"/a/{answered.name}/d01",
        f"/a/{answered.name}/q01",
        "/workbooks",
        f"/r/{answered.name}",
        f"/a/{answered.name}/plan",
    )
    for url in pages:
        for width, lang in ((1280, "nl"), (390, "en")):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{server.url}{url}?lang={lang}")
            assert_accessible(page)


def test_the_bar_on_a_served_report_adds_no_second_banner_and_leaves_nothing_outside_a_landmark(
    server, page, answered
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    new_file(server.folder, "Other")  # another file in the folder: the compare form is there too
    page.goto(f"{server.url}/r/{answered.name}?lang=en")
    assert page.locator(".compare-bar").count() == 1
    ours = ("m2w-bar", "report-bar", "compare-bar", "brand", "langs", "mainnav")
    found = [
        (v["id"], node["target"])
        for v in Axe().run(page).response["violations"]
        if v["id"] in ("landmark-no-duplicate-banner", "landmark-unique", "region")
        for node in v["nodes"]
        if v["id"] == "landmark-no-duplicate-banner" or any(name in node["html"] for name in ours)
    ]
    assert found == []


# --- a team session -------------------------------------------------------------------------------------


def test_team_session_two_phones_and_the_facilitator(browser, tmp_path: Path) -> None:
    secrets = Secrets.load_or_create(tmp_path)
    running = Server(tmp_path, "--team").start()
    contexts = []
    try:
        early = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        contexts.append(early)
        waiting = early.new_page()  # scanned the terminal's QR code before the facilitator started
        waiting.goto(f"{running.url}/t/{secrets.team_token}?lang=en")
        assert waiting.locator("#name").count() == 0 and "not started" in waiting.inner_text("main")
        lead = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(lead)
        facilitator = lead.new_page()
        facilitator.goto(f"{running.url}/t/{secrets.lead_token}?lang=en")
        assert facilitator.url.endswith("/team")
        facilitator.fill("#initiative", "Mentor Gent")
        facilitator.locator("label.choice", has_text="Sustainability of the initiative").click()
        facilitator.click("details.panel button[type=submit]")
        assert facilitator.locator(".qr svg").count() == 1
        assert_accessible(facilitator)
        waiting.wait_for_selector("#name", timeout=10_000)  # the waiting phone looked again by itself

        for name, label in (("Anna", "Fully"), ("Bram", "Not at all")):
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            contexts.append(phone)
            page = phone.new_page()
            page.goto(f"{running.url}/t/{secrets.team_token}?lang=en")
            assert_accessible(page)
            page.fill("#name", name)
            page.click("form button[type=submit]")
            page.wait_for_url("**/d01*")
            choose(page, "d01-q1", label)
            choose(page, "d01-q2", "Partly")
            wait_saved(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390

        # The live view refreshes by itself: both people, and their disagreement on d01-q1.
        facilitator.wait_for_function(
            "() => document.querySelector('.disagreements')"
            " && document.querySelector('.members tbody tr:nth-child(2)')",
            timeout=15_000,
        )
        members = facilitator.inner_text(".members")
        assert "Anna" in members and "Bram" in members and "d01" in members
        disagreements = facilitator.inner_text(".disagreements")
        assert "d01-q1" in disagreements and "d01-q2" not in disagreements
        assert "Anna\xa05" in disagreements and "Bram\xa01" in disagreements
        assert_accessible(facilitator)
        facilitator.set_viewport_size({"width": 390, "height": 844})  # the link under the QR code wraps
        assert facilitator.evaluate("document.documentElement.scrollWidth") <= 390
        facilitator.set_viewport_size({"width": 1280, "height": 900})
        facilitator.click("form[action='/team/merge'] button")
        facilitator.wait_for_url("**/r/group-mentor-gent.yaml")
        assert "Anna" in facilitator.inner_text("body")
        merged = load_answers(tmp_path / "group-mentor-gent.yaml")
        assert merged.answers["d01-q1"].extra["group"]["disagree"] is True
    finally:
        for context in contexts:
            context.close()
        running.stop()
