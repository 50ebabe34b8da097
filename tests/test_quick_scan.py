"""The quick scan is one choice wherever a part is chosen: the workbook (`m2w workbook --quick`, printed
and fillable, read back by `m2w import`) and the browser's start form. (The terminal questionnaire's
quick scan is in test_assess_answering.py.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import QUICK_IDS
from pypdf import PdfReader, PdfWriter
from web_support import client_for, csrf_of, make_config

from m2w_tool.answers import load_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.workbook import build_workbook, field_specs, parse_marker
from m2w_tool.workbook_pdf import render_workbook


@pytest.fixture
def content(quick_mini: Path):
    return load_content(quick_mini)


def test_a_quick_workbook_holds_the_quick_statements_in_one_session(content) -> None:
    wb = build_workbook(content, content.select("all"), lang="en", quick=True)
    assert [q.id for d in wb.dimensions for q in d.questions] == list(QUICK_IDS)
    assert [q.number for d in wb.dimensions for q in d.questions] == [1, 2, 1]  # their numbers in the full workbook
    assert all(d.importance is None and not d.reflections and not d.actions and not d.methods for d in wb.dimensions)
    assert wb.title == "Quick scan" and "3 statements" in wb.subtitle
    assert [item.title for item in wb.quick_plan][-1] == "Choose where to look deeper"
    fields = {"d01-q1", "d01-q1:note", "d02-q2", "d02-q2:note", "q01-q1", "q01-q1:how_well", "q01-q1:evidence"}
    assert set(field_specs(wb)) == {"m2w:workbook", *(f.name for f in wb.cover), *fields}
    marker = parse_marker(str(wb.marker))
    assert marker.quick is True and marker == wb.marker
    full = build_workbook(content, content.select("all"), lang="en")
    assert parse_marker(str(full.marker)).quick is False and "scan=" not in str(full.marker)  # as before


def test_the_printed_quick_workbook(content, tmp_path: Path) -> None:
    wb = build_workbook(content, content.select("all"), lang="nl", quick=True)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_workbook(wb))).pages)
    assert "Snelscan" in text and "dieper op ingaan" in text
    assert "Stelling een" in text and "Stelling twee" in text
    assert "Reflectievragen" not in text and "Actieplan" not in text


def test_a_filled_quick_workbook_imports_as_a_quick_scan(content, quick_mini: Path, tmp_path: Path) -> None:
    wb = build_workbook(content, content.select("all"), lang="en", fillable=True, quick=True)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_workbook(wb))))
    values = {"initiative:name": "Brug", "respondent:name": "Fatima", "d01-q1": "4", "d02-q2": "n/a",
              "q01-q1": "2", "q01-q1:how_well": "3", "q01-q1:evidence": "intake form"}  # fmt: skip
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    out = tmp_path / "fatima.yaml"
    args = ["import", str(filled), "-o", str(out), "--content", str(quick_mini), "--lang", "en"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    a = load_answers(out)
    assert a.scope.get("quick") is True
    assert {qid: a.answers[qid].value for qid in a.answers} == {"d01-q1": 4, "d02-q2": "n/a", "q01-q1": 2}
    assert (a.answers["q01-q1"].how_well, a.answers["q01-q1"].evidence) == (3, "intake form")


def test_workbook_command_takes_quick(content, quick_mini: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["workbook", "--quick", "--lang", "en", "--content", str(quick_mini)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "output" / "workbook-quick-en.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Quick scan" in text and "3 statements" in text


def test_the_browser_starts_a_quick_scan(content, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config.content = content
    with client_for(config) as client:
        home = client.get("/?lang=en")
        assert 'value="quick"' in home.text and "Quick scan (3 questions)" in home.text
        start = client.post("/start", data={"csrf": csrf_of(home.text), "initiative": "Brug", "module": "quick"})
        assert start.status_code == 303
        [path] = list(tmp_path.glob("*.yaml"))
        answers = load_answers(path)
        assert answers.scope == {"module": "all", "only": [], "quick": True}
        first = client.get(start.headers["location"])
        assert first.headers["location"].endswith("/d01#q-d01-q1")
        page = client.get(start.headers["location"] + "/d01?lang=en").text
        assert 'name="q.d01-q1.value"' in page and 'name="q.d01-q2.value"' not in page
        assert "Reflection" not in page and 'name="d.d01-alpha.importance"' not in page
        assert "1 of 3" not in page and "0 of 1" in page  # progress counts the quick statements
        home = client.get("/?lang=en").text
        assert "Quick scan" in home


def test_a_team_session_can_be_a_quick_scan(content, tmp_path: Path) -> None:
    from m2w_tool.web.team import TeamSession
    from m2w_tool.web.views import part_title

    team = TeamSession(tmp_path)
    team.configure("Brug", "", "quick", "en")  # the facilitator's form offers the same parts as the start form
    path = team.join("Ann", "", content, "en")
    assert load_answers(path).scope == {"module": "all", "only": [], "quick": True}
    assert part_title(content, team.settings.module, "en") == "Quick scan"


def test_the_browser_makes_the_quick_workbook(content, tmp_path: Path, monkeypatch) -> None:
    import time

    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    config = make_config(tmp_path)
    config.content = content
    with client_for(config) as client:
        assert 'value="quick"' in client.get("/workbooks?lang=en").text
        url = "/workbooks/pdf?module=quick&doc_lang=en&fillable=1"
        response = client.get(url)
        deadline = time.monotonic() + 90
        while response.status_code == 202 and time.monotonic() < deadline:
            time.sleep(0.3)
            response = client.get(url)
        assert response.status_code == 200, response.text[:300]
        assert "workbook-quick-en-fillable.pdf" in response.headers.get("content-disposition", "")
        fields = set(PdfReader(io.BytesIO(response.content)).get_fields())
        assert {"d01-q1", "d02-q2", "q01-q1"} <= fields
        assert "d01-q2" not in fields and "d01:importance" not in fields
