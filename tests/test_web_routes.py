"""The pages of `m2w serve` through Starlette's test client: home, starting, the questionnaire (by
script, one field at a time, and as a plain form), reports, downloads, workbooks and uploads."""

from __future__ import annotations

import csv
import io
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from web_support import MINI, client_for, csrf_of, make_config

from m2w_tool.answering import AnswersStore, Change, NewAssessment, start_assessment
from m2w_tool.answers import DONT_KNOW, NA, load_answers
from m2w_tool.lock import AnswersLock

JSON = {"Accept": "application/json"}


class Fields(HTMLParser):
    """The form fields of a page: name -> value (checked radios only), and every text node."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "input" and a.get("name"):
            if a.get("type") == "radio":
                self.radios.setdefault(a["name"], []).append(a["value"])
                if "checked" in a:
                    self.values[a["name"]] = a["value"]
            elif a.get("type") != "file":
                self.values[a["name"]] = a.get("value") or ""
        if tag == "textarea":
            self._in = a.get("name")
            self.values[self._in] = ""

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "textarea":
            self._in = None

    def handle_data(self, data):  # noqa: ANN001
        if self._in:
            self.values[self._in] += data
        self.text.append(data)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def app(folder: Path):
    with client_for(make_config(folder)) as client:
        yield client


@pytest.fixture
def started(folder: Path) -> Path:
    new = NewAssessment("Mentor Gent", "Stad & Werk", "Gent", "Ann <b>Peeters</b>", "coach", "all", (), "en")
    return start_assessment(folder, MINI, new)


def save(client, file: str, name: str, value: str, token: str):
    return client.post(f"/a/{file}/save", data={"name": name, "value": value}, headers={**JSON, "X-CSRF-Token": token})


def token_of(client, url: str = "/") -> str:
    return csrf_of(client.get(url).text)


# --- home -----------------------------------------------------------------------------------------


def test_home_lists_every_assessment_and_escapes_what_people_typed(app, started, folder: Path) -> None:
    (folder / "broken.yaml").write_text("m2w_answers: [\n")
    (folder / ".hidden.yaml").write_text("m2w_answers: 1\n")
    (folder / "notes.txt").write_text("not listed")
    page = app.get("/?lang=en")
    assert page.status_code == 200
    assert "Ann &lt;b&gt;Peeters&lt;/b&gt;" in page.text and "<b>Peeters" not in page.text
    assert started.name in page.text
    assert "broken.yaml" in page.text and "This file cannot be read" in page.text
    assert ".hidden.yaml" not in page.text and "notes.txt" not in page.text


def test_a_file_that_cannot_be_read_can_still_be_downloaded_to_fix_it(app, folder: Path) -> None:
    broken = folder / "broken.yaml"
    broken.write_text("m2w_answers: 1\nanswers: [oops\n", encoding="utf-8")
    assert 'href="/f/broken.yaml"' in app.get("/?lang=en").text  # on its card
    for url in ("/a/broken.yaml", "/r/broken.yaml"):
        page = app.get(url + "?lang=en")
        assert page.status_code == 422 and "broken.yaml:" in page.text and "text editor" in page.text
        assert 'href="/f/broken.yaml" download' in page.text
    raw = app.get("/f/broken.yaml")
    assert raw.status_code == 200 and raw.content == broken.read_bytes()
    assert app.get("/f/..%2Fbroken.yaml").status_code == 404


def test_start_makes_a_file_and_opens_its_first_question(app, folder: Path) -> None:
    token = token_of(app)
    form = {"csrf": token, "initiative": "Brug & Co", "respondent": "فاطمة", "module": "quality"}
    response = app.post("/start", data=form)
    assert response.status_code == 303
    files = [p for p in folder.glob("*.yaml")]
    assert len(files) == 1
    answers = load_answers(files[0])
    assert answers.initiative["name"] == "Brug & Co" and answers.respondent["name"] == "فاطمة"
    assert answers.scope["module"] == "quality"
    first = app.get(response.headers["location"])
    assert first.status_code == 303 and first.headers["location"].endswith("/q01#q-q01-q1")


def test_start_without_an_initiative_is_refused_and_writes_nothing(app, folder: Path) -> None:
    response = app.post("/start", data={"csrf": token_of(app), "initiative": " "}, headers=JSON)
    assert response.status_code == 422 and "name of the initiative" in response.json()["error"]
    assert list(folder.glob("*.yaml")) == []


def test_a_new_round_from_an_earlier_file(app, started, folder: Path) -> None:
    response = app.post("/start", data={"csrf": token_of(app), "baseline": started.name})
    assert response.status_code == 303
    new = [p for p in folder.glob("*.yaml") if p != started]
    assert len(new) == 1
    answers = load_answers(new[0])
    assert answers.extra["baseline"] == started.name
    assert answers.initiative == load_answers(started).initiative
    assert f"new round after {started.name}" in app.get("/?lang=en").text


# --- the questionnaire ---------------------------------------------------------------------------


def test_a_dimension_page_shows_every_statement_with_its_scale(app, started) -> None:
    page = app.get(f"/a/{started.name}/d01?lang=en")
    assert page.status_code == 200
    fields = Fields(page.text)
    assert fields.radios["q.d01-q1.value"] == ["1", "2", "3", "4", "5", NA, DONT_KNOW]
    assert fields.radios["d.d01-alpha.importance"] == ["1", "2", "3", "4", "5"]
    assert fields.radios["d.d01-alpha.target"] == ["beginning", "developing", "established", "strong"]
    text = " ".join(fields.text)
    for words in ("Statement one", "Not at all", "Not applicable / don't know", "Don't know", "Fully means:", "Hardly",
                  "Question?", "Action 3", "Dimension 1 of 2"):  # fmt: skip
        assert words in text, words
    assert {f"d.d01-alpha.action.{i}.{p}" for i in range(3) for p in ("what", "who", "when")} <= set(fields.values)


def test_the_quality_page_offers_how_well_and_no_na_for_a_minimum_criterion(app, started) -> None:
    page = app.get(f"/a/{started.name}/q01?lang=en").text
    fields = Fields(page)
    assert fields.radios["q.q01-q1.value"] == ["0", "1", "2", NA, DONT_KNOW]
    assert fields.radios["q.q01-q2.value"] == ["0", "1", "2", DONT_KNOW]  # q01-q2 is a minimum criterion
    assert fields.radios["q.q01-q1.how_well"] == ["1", "2", "3", "4", "5", DONT_KNOW]  # "?" in m2w assess too
    assert page.count("minimum criterion</span>") == 1


def test_na_is_refused_for_a_minimum_criterion_and_dont_know_is_kept(app, started) -> None:
    token = token_of(app)
    response = save(app, started.name, "q.q01-q2.value", NA, token)
    assert response.status_code == 422 and "minimum criterion" in response.json()["error"]
    assert save(app, started.name, "q.q01-q2.value", DONT_KNOW, token).json()["how_well"] is False
    assert load_answers(started).answers["q01-q2"].value == DONT_KNOW


def test_one_change_is_saved_at_once_and_reported_back(app, started) -> None:
    token = token_of(app, f"/a/{started.name}/d01")
    response = save(app, started.name, "q.d01-q1.value", "4", token)
    assert response.status_code == 200
    state = response.json()
    assert state["ok"] and state["dimensions"][0] == {"id": "d01", "answered": 1, "total": 4}
    assert load_answers(started).answers["d01-q1"].value == 4
    assert Fields(app.get(f"/a/{started.name}/d01").text).values["q.d01-q1.value"] == "4"
    assert save(app, started.name, "q.q01-q1.value", "2", token).json()["how_well"] is True
    assert save(app, started.name, "q.q01-q1.value", "0", token).json()["how_well"] is False


def test_a_value_off_the_scale_is_refused_in_words(app, started) -> None:
    token = token_of(app)
    before = started.read_bytes()
    response = save(app, started.name, "q.d01-q1.value", "6", token)
    assert response.status_code == 422 and "1 to 5" in response.json()["error"]
    response = save(app, started.name, "answers.d01-q1", "6", token)
    assert response.status_code == 422 and "Unknown field" in response.json()["error"]
    assert started.read_bytes() == before


def test_while_the_terminal_has_the_file_the_page_says_who_holds_it(app, started) -> None:
    token = token_of(app)
    with AnswersLock(started):
        response = save(app, started.name, "q.d01-q1.value", "4", token)
    assert response.status_code == 409
    body = response.json()
    assert body["retry"] is True
    assert f"{started.name} is already open in another `m2w assess` (process" in body["error"]
    assert save(app, started.name, "q.d01-q1.value", "4", token).status_code == 200


def test_the_page_as_a_plain_form_saves_only_what_changed(app, started) -> None:
    url = f"/a/{started.name}/d01"
    fields = Fields(app.get(url).text).values
    # Meanwhile the terminal answers d01-q2; the page still shows it empty.
    AnswersStore(MINI).change(started, [Change.parse("q.d01-q2.value", "2")])
    form = {k: v for k, v in fields.items()}
    form.update({"q.d01-q1.value": "5", "q.d01-q1.note": "zie\r\nplan", "d.d01-alpha.importance": "4",
                 "d.d01-alpha.action.0.what": "Plan schrijven", "go": "next"})  # fmt: skip
    response = app.post(url, data=form)
    assert response.status_code == 303 and response.headers["location"].endswith("/d02?saved=1")
    answers = load_answers(started)
    assert answers.answers["d01-q1"].value == 5 and answers.answers["d01-q1"].note == "zie\nplan"
    assert answers.answers["d01-q2"].value == 2  # not undone by the late page
    assert answers.dimensions["d01-alpha"].importance == 4
    assert answers.dimensions["d01-alpha"].actions[0].what == "Plan schrijven"


def test_an_actions_status_is_shown_and_set_in_the_report_words(app, started) -> None:
    AnswersStore(MINI).change(started, [Change.parse("d.d01-alpha.action.0.what", "Plan schrijven"),
                                        Change.parse("d.d01-alpha.action.1.what", "Bellen")])  # fmt: skip
    url = f"/a/{started.name}/d01"
    page = Fields(app.get(url + "?lang=nl").text)
    assert page.radios["d.d01-alpha.action.0.status"] == ["planned", "started", "done"]
    assert page.values["d.d01-alpha.action.0.status"] == "planned"
    assert {"gepland", "bezig", "klaar"} <= {t.strip() for t in page.text}  # the report's words
    # By script, one field at a time; then as a plain form (without script).
    assert save(app, started.name, "d.d01-alpha.action.0.status", "started", token_of(app)).json()["ok"]
    form = Fields(app.get(url).text).values
    assert form["d.d01-alpha.action.0.status"] == "started"
    form.update({"d.d01-alpha.action.1.status": "done", "go": "stay"})
    assert app.post(url, data=form).status_code == 303
    actions = load_answers(started).dimensions["d01-alpha"].actions
    assert [(a.what, a.status) for a in actions] == [("Plan schrijven", "started"), ("Bellen", "done")]
    assert yaml.safe_load(started.read_text())["dimensions"]["d01-alpha"]["actions"][1]["status"] == "done"


def test_plain_form_drops_how_well_when_the_criterion_is_set_to_no(app, started) -> None:
    url = f"/a/{started.name}/q01"
    AnswersStore(MINI).change(started, [Change.parse("q.q01-q1.value", "2"), Change.parse("q.q01-q1.how_well", "3")])
    form = Fields(app.get(url).text).values
    form.update({"q.q01-q1.value": "0", "q.q01-q1.how_well": "5", "go": "open"})
    response = app.post(url, data=form)
    assert response.status_code == 303
    answer = load_answers(started).answers["q01-q1"]
    assert (answer.value, answer.how_well) == (0, None)


def test_next_open_question(app, started) -> None:
    token = token_of(app)
    for name in ("q.d01-q1.value", "q.d01-q2.value"):
        save(app, started.name, name, "3", token)
    response = app.get(f"/a/{started.name}/next")
    assert response.headers["location"].endswith("/d01#importance-d01")
    response = app.get(f"/a/{started.name}/next?after=target-d01")
    assert response.headers["location"].endswith("/d02#q-d02-q1")


def test_a_group_file_has_no_questionnaire(app, folder: Path) -> None:
    path = folder / "group-x.yaml"
    path.write_text(yaml.safe_dump({"m2w_answers": 1, "group": {"respondents": []}}))
    response = app.get("/a/group-x.yaml/d01", headers=JSON)
    assert response.status_code == 409 and "group file" in response.json()["error"]


# --- reports and downloads -----------------------------------------------------------------------


def _answer_everything(app, path: Path, value: str = "4") -> None:
    token = token_of(app)
    for qid in MINI.questions:
        save(app, path.name, f"q.{qid}.value", value if not qid.startswith("q") else "2", token)
    save(app, path.name, "d.d01-alpha.action.0.what", "Plan <i>schrijven</i>", token)
    save(app, path.name, "d.d01-alpha.action.0.who", "Ann", token)


def test_the_report_in_the_browser_with_its_downloads(app, started) -> None:
    _answer_everything(app, started)
    page = app.get(f"/r/{started.name}?lang=en")
    assert page.status_code == 200
    assert "Reflection report" in page.text or "REFLECTION REPORT" in page.text.upper()
    assert "Plan &lt;i&gt;schrijven&lt;/i&gt;" in page.text
    assert f'href="/r/{started.name}/pdf?lang=en"' in page.text
    assert page.text.count("<body>") == 1 and 'class="topbar report-bar"' in page.text
    rows = list(csv.reader(io.StringIO(app.get(f"/r/{started.name}/actions.csv?lang=en").text.lstrip("\ufeff"))))
    assert any("Plan <i>schrijven</i>" in row for row in rows)
    raw = app.get(f"/f/{started.name}")
    assert raw.content == started.read_bytes() and "attachment" in raw.headers["content-disposition"]


def test_the_report_compares_with_a_baseline(app, started, folder: Path) -> None:
    _answer_everything(app, started, "2")
    assert app.post("/start", data={"csrf": token_of(app), "baseline": started.name}).status_code == 303
    later = next(p for p in folder.glob("*.yaml") if p != started)
    _answer_everything(app, later, "5")
    page = app.get(f"/r/{later.name}?lang=en")
    assert "progress" in page.text.lower() and f'<option value="{started.name}" selected>' in page.text
    assert '<option value="" selected>' in app.get(f"/r/{later.name}?baseline=&lang=en").text


def test_report_pdf_is_made_in_the_background_then_downloaded(app, started) -> None:
    _answer_everything(app, started)
    url = f"/r/{started.name}/pdf?lang=en"
    data = wait_for_pdf(app, url)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Mentor Gent" in text
    again = app.get(url)
    assert again.content == data and again.headers["content-disposition"].startswith("inline;")  # from memory
    assert "Appendix: all answers" not in text  # optional, as `m2w report --appendix`
    assert f'href="/r/{started.name}/pdf?lang=en&amp;appendix=1"' in app.get(f"/r/{started.name}?lang=en").text
    longer = wait_for_pdf(app, url + "&appendix=1")
    assert "Appendix: all answers" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(longer)).pages)


# --- workbooks -----------------------------------------------------------------------------------


def test_workbook_choices_and_a_bad_choice(app) -> None:
    page = app.get("/workbooks?lang=en")
    assert page.status_code == 200 and 'name="fillable"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert app.get("/workbooks/pdf?module=nonsense", headers=JSON).status_code == 400
    assert app.get("/workbooks/pdf?only=d77", headers=JSON).status_code == 404


def wait_for_pdf(client, url: str) -> bytes:
    """Ask until the PDF made in the background is there (202 until then), as the page does."""
    response = client.get(url)
    assert response.status_code == 202 and 'http-equiv="refresh"' in response.text
    # The page looks again by itself: by script, or without one by the refresh kept inside <noscript>
    # (a timed refresh for everyone is what axe-core calls a critical failure).
    head = response.text.split("</head>")[0]
    assert head.count('http-equiv="refresh"') == head.count('<noscript><meta http-equiv="refresh"')
    assert 'data-reload="2"' in response.text
    deadline = time.monotonic() + 90
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.3)
        response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return response.content


def test_a_fillable_workbook_to_download(app, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))  # never the user's own cache
    data = wait_for_pdf(app, "/workbooks/pdf?module=all&only=d01&doc_lang=en&fillable=1")
    fields = PdfReader(io.BytesIO(data)).get_fields()
    assert {"d01-q1", "d01-q2", "d01:importance"} <= set(fields)


@pytest.fixture(scope="module")
def filled_workbook(tmp_path_factory) -> bytes:
    """A fillable workbook of the test content, filled in as a PDF reader would."""
    from pypdf import PdfWriter

    from m2w_tool.workbook import build_workbook
    from m2w_tool.workbook_pdf import render_workbook

    wb = build_workbook(MINI, MINI.select("all", ["d01"]), lang="en", fillable=True, only=["d01"])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_workbook(wb))))
    values = {"respondent:name": "Bram <script>", "d01-q1": "4", "d01-q2": "n/a", "d01:importance": "5"}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_uploaded_workbook_becomes_an_answers_file(app, folder: Path, filled_workbook: bytes) -> None:
    token = token_of(app, "/workbooks")
    files = {"pdf": ("ingevuld werkboek.pdf", filled_workbook, "application/pdf")}
    page = app.post("/workbooks/upload?lang=en", data={"csrf": token}, files=files)
    assert page.status_code == 200, page.text
    assert "Bram &lt;script&gt;" in page.text and "2 of 2 questions answered (1 not applicable, 0 don" in page.text
    made = list(folder.glob("*.yaml"))
    assert [p.name for p in made] == ["answers-bram-script.yaml"]
    answers = load_answers(made[0])
    assert answers.answers["d01-q1"].value == 4 and answers.answers["d01-q2"].value == NA
    assert answers.dimensions["d01-alpha"].importance == 5
    again = app.post("/workbooks/upload", data={"csrf": token}, files=files)
    assert again.status_code == 200
    assert sorted(p.name for p in folder.glob("*.yaml")) == ["answers-bram-script-2.yaml", "answers-bram-script.yaml"]


def test_a_pdf_that_is_not_a_workbook_is_refused_in_words(app, folder: Path) -> None:
    from m2w_tool.render import html_to_pdf

    pdf = html_to_pdf("<p>hello</p>", title="x", lang="en")
    files = {"pdf": ("other.pdf", pdf, "application/pdf")}
    response = app.post("/workbooks/upload", data={"csrf": token_of(app)}, files=files, headers=JSON)
    assert response.status_code == 422 and "other.pdf" in response.json()["error"]
    assert list(folder.glob("*.yaml")) == []


def test_static_files_are_only_ours(app) -> None:
    assert app.get("/static/m2w.js").headers["content-type"].startswith("text/javascript")
    assert app.get("/static/report.css").status_code == 200
    for name in ("../report.html.j2", "..%2Freport.css", "base.html.j2", "m2w.py"):
        assert app.get(f"/static/{name}").status_code == 404, name


def test_both_languages_on_every_page(app, started) -> None:
    for url in ("/", f"/a/{started.name}/d01", f"/r/{started.name}", "/workbooks"):
        nl = app.get(url + "?lang=nl").text
        en = app.get(url + "?lang=en").text
        assert '<html lang="nl">' in nl and '<html lang="en">' in en, url
        for text in (nl, en):
            assert 'hreflang="nl"' in text and 'hreflang="en"' in text, url
    assert app.cookies.get("m2w_lang") == "en"


def test_dutch_pages_speak_dutch(app, started) -> None:
    page = app.get(f"/a/{started.name}/d01?lang=nl").text
    for words in ("Stelling een", "Helemaal niet", "Wat betekent", "Volgende open vraag", "Nauwelijks"):
        assert words in page, words


def test_next_open_question_starts_at_the_page_it_is_asked_from(app, started) -> None:
    token = token_of(app)
    save(app, started.name, "q.d01-q1.value", "3", token)  # d01-q2 stays open
    response = app.get(f"/a/{started.name}/next?from=d02")
    assert response.headers["location"].endswith("/d02#q-d02-q1")
    for name in ("q.d02-q1.value", "q.d02-q2.value", "d.d02-beta.importance", "d.d02-beta.target"):
        save(app, started.name, name, "established" if name.endswith("target") else "3", token)
    response = app.get(f"/a/{started.name}/next?from=d02")
    assert response.headers["location"].endswith("/q01#q-q01-q1")
    form = Fields(app.get(f"/a/{started.name}/q01").text).values
    form.update({"q.q01-q1.value": "0", "q.q01-q2.value": "0", "d.q01-gamma.importance": "1",
                 "d.q01-gamma.target": "strong", "go": "open"})  # fmt: skip
    response = app.post(f"/a/{started.name}/q01", data=form)
    assert response.headers["location"].endswith("/d01?saved=1#q-d01-q2")  # wrapped around to what was left open


def test_the_bar_goes_into_a_report_whose_body_has_attributes() -> None:
    from m2w_tool.web.routes_report import _inject

    page = _inject(
        '<html><head><style></style></head><body class="mine" dir="ltr"><h1>x</h1></body></html>', "<nav>BAR</nav>"
    )
    assert '<body class="mine" dir="ltr">\n<nav>BAR</nav><h1>x</h1>' in page
    assert "report-screen.css" in page.split("</head>")[0]


def test_a_quick_scan_report_links_its_workbook_sessions_instead_of_naming_a_command(tmp_path: Path) -> None:
    from m2w_tool.content import load_content
    from m2w_tool.resources import content_dir
    from m2w_tool.web.config import Secrets, ServeConfig

    shipped = load_content(content_dir())
    config = ServeConfig(folder=tmp_path, content=shipped, secrets=Secrets.load_or_create(tmp_path), lang="en")
    new = NewAssessment("Mentor Gent", respondent="Ann", module="all", language="en", quick=True)
    path = start_assessment(tmp_path, shipped, new)
    AnswersStore(shipped).change(path, [Change.parse(f"q.{q}.value", "1") for q in sorted(shipped.quick_ids)])
    with client_for(config) as client:
        page = client.get(f"/r/{path.name}?lang=en").text
        assert "m2w workbook --only" not in page
        links = [urllib.parse.urlsplit(h) for h in Fields(page).hrefs if h.startswith("/workbooks/pdf?")]
        assert links, "no link to a workbook session"
        for link in links:  # the choices the workbooks page itself sends: one dimension, in English
            query = dict(urllib.parse.parse_qsl(link.query))
            assert query["doc_lang"] == "en" and shipped.find(query["only"]) is not None


def test_a_quick_scan_goes_on_as_the_full_questionnaire_keeping_its_answers(tmp_path: Path) -> None:
    from m2w_tool.answers import load_answers
    from m2w_tool.content import load_content
    from m2w_tool.resources import content_dir
    from m2w_tool.web.config import Secrets, ServeConfig

    shipped = load_content(content_dir())
    config = ServeConfig(folder=tmp_path, content=shipped, secrets=Secrets.load_or_create(tmp_path), lang="en")
    new = NewAssessment("Mentor Gent", respondent="Ann", module="all", language="en", quick=True)
    path = start_assessment(tmp_path, shipped, new)
    quick = sorted(shipped.quick_ids)
    AnswersStore(shipped).change(path, [Change.parse(f"q.{q}.value", "1") for q in quick])
    with client_for(config) as client:
        report = client.get(f"/r/{path.name}?lang=en").text
        assert f"/a/{path.name}#full" in Fields(report).hrefs  # the quick report points the way on
        page = client.get(f"/a/{path.name}", follow_redirects=True).text
        assert f'action="/a/{path.name}/full"' in page
        refused = client.post(f"/a/{path.name}/full", data={}, follow_redirects=False)
        assert refused.status_code == 403 and load_answers(path).scope.get("quick") is True  # no CSRF token
        moved = client.post(f"/a/{path.name}/full", data={"csrf": csrf_of(page)}, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"].endswith("/next")
        answers = load_answers(path)
        assert "quick" not in answers.scope and answers.scope["module"] == "all"
        assert {q: answers.answers[q].value for q in quick} == dict.fromkeys(quick, 1)  # every answer stays
        first_open = client.get(moved.headers["location"], follow_redirects=True).text
        assert 'action="/a/' + path.name + '/full"' not in first_open  # a full questionnaire now
        assert "A quick scan: the key statements" not in first_open
