"""What `m2w serve` refuses, each with a clear status and nothing written: requests without the team
token, with a Host that is not the server's own, from another site, without the form's token, with a
path for a name, uploads too large or not PDF. And what it always does: escape, set a strict CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_support import MINI, client_for, csrf_of, make_config

from m2w_tool.answering import NewAssessment, start_assessment
from m2w_tool.answers import load_answers
from m2w_tool.web.config import Secrets

JSON = {"Accept": "application/json"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden state files included) and its bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def started(tmp_path: Path) -> Path:
    return start_assessment(tmp_path, MINI, NewAssessment("Mentor Gent", respondent="Ann"))


@pytest.fixture
def local(tmp_path: Path, started: Path):
    with client_for(make_config(tmp_path)) as client:
        yield client


@pytest.fixture
def team(tmp_path: Path):
    config = make_config(tmp_path, team=True)
    config.secrets = Secrets.load_or_create(tmp_path)
    with client_for(config) as client:
        yield client, config


def enter(client, token: str) -> None:
    response = client.get(f"/t/{token}")
    assert response.status_code == 303


def set_up_session(client, config) -> None:
    enter(client, config.secrets.lead_token)
    token = csrf_of(client.get("/team").text)
    assert (
        client.post("/team/settings", data={"csrf": token, "initiative": "Mentor Gent", "module": "all"}).status_code
        == 303
    )


# --- binding ----------------------------------------------------------------------------------------


def test_serve_listens_on_loopback_unless_team(tmp_path: Path, monkeypatch) -> None:
    from m2w_tool.commands import serve as command
    from m2w_tool.web import server

    seen = []
    monkeypatch.setattr(server, "run", lambda config, open_browser, say: seen.append(config))
    for args in (["--no-browser"], ["--no-browser", "--team"]):
        result = CliRunner().invoke(command.serve, [str(tmp_path / "out"), *args, "--port", "18765"])
        assert result.exit_code == 0, result.output
    assert [c.bind for c in seen] == ["127.0.0.1", "0.0.0.0"]
    assert seen[0].team is False and seen[1].team is True
    assert (tmp_path / "out" / ".m2w-serve.json").stat().st_mode & 0o077 == 0  # the secrets: owner only


# --- the Host header (DNS rebinding) ---------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1.evil.example:8765", "127.0.0.1:9999", "", "[::1"])
def test_a_foreign_host_is_refused(local, tmp_path: Path, host: str) -> None:
    before = snapshot(tmp_path)
    token = csrf_of(local.get("/").text)
    for response in (
        local.get("/", headers={"Host": host}),
        local.post("/start", data={"csrf": token, "initiative": "x"}, headers={"Host": host}),
    ):
        assert response.status_code == 421
        assert "not the one this m2w server listens on" in response.text
    assert snapshot(tmp_path) == before


def test_loopback_names_are_the_servers_own(local) -> None:
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST:8765"):
        assert local.get("/", headers={"Host": host}).status_code == 200, host


# --- cross-site requests -----------------------------------------------------------------------------


def test_cross_site_and_tokenless_posts_are_refused(local, tmp_path: Path, started: Path) -> None:
    token = csrf_of(local.get("/").text)
    before = snapshot(tmp_path)
    save = f"/a/{started.name}/save"
    change = {"name": "q.d01-q1.value", "value": "4"}
    attempts = [
        ({**change, "csrf": token}, {"Origin": "http://evil.example"}),
        ({**change, "csrf": token}, {"Origin": "null", "Sec-Fetch-Site": "cross-site"}),
        ({**change, "csrf": token}, {"Origin": "http://127.0.0.1:9999"}),
        ({**change, "csrf": token}, {"Sec-Fetch-Site": "cross-site"}),
        ({**change, "csrf": token}, {"Sec-Fetch-Site": "same-site"}),
        (change, {}),
        ({**change, "csrf": "0" * 32}, {}),
    ]
    for data, headers in attempts:
        response = local.post(save, data=data, headers={**JSON, **headers})
        assert response.status_code == 403, (data, headers)
        assert response.json()["ok"] is False and response.json()["error"]
    assert snapshot(tmp_path) == before
    ok = local.post(save, data={**change, "csrf": token}, headers={**JSON, "Origin": "http://127.0.0.1:8765"})
    assert ok.status_code == 200


def test_another_site_may_link_here_but_not_load_from_here(local, started: Path) -> None:
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert local.get("/", headers=link).status_code == 200
    for mode, dest in (("no-cors", "image"), ("cors", "empty"), ("no-cors", "script")):
        headers = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": dest}
        for url in (f"/r/{started.name}/pdf", f"/f/{started.name}", "/workbooks/pdf?only=d01"):
            assert local.get(url, headers=headers).status_code == 403, (url, mode)


def test_a_token_from_another_browser_does_not_count(local, tmp_path: Path, started: Path) -> None:
    token = csrf_of(local.get("/").text)
    local.cookies.clear()  # another browser: another session cookie
    response = local.post(f"/a/{started.name}/save", data={"name": "q.d01-q1.value", "value": "4", "csrf": token})
    assert response.status_code == 403
    assert load_answers(started).answers == {}


# --- files: only inside FOLDER -------------------------------------------------------------------------


def test_paths_and_hidden_files_are_not_answers_files(local, tmp_path: Path) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
    secret.write_text("m2w_answers: 1\n")
    (tmp_path / "out.yaml").symlink_to(secret)
    names = ["..%2F" + secret.name, "%2E%2E%2F" + secret.name, "out.yaml", ".m2w-serve.json", "%2Fetc%2Fpasswd",
             ".%2E%2Fx.yaml", "x.yaml%00.txt"]  # fmt: skip
    for name in names:
        for url in (f"/a/{name}/d01", f"/r/{name}", f"/f/{name}"):
            response = local.get(url, headers=JSON)
            assert response.status_code == 404, url
    assert "m2w_answers" not in local.get(f"/f/..%2F{secret.name}").text


def test_security_headers_on_every_response(local, started: Path) -> None:
    for url in ("/", "/static/m2w.js", f"/r/{started.name}", "/nothing-here", f"/a/{started.name}/d99"):
        response = local.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_pages_use_nothing_from_outside(local, started: Path) -> None:
    for url in ("/", f"/a/{started.name}/d01", f"/r/{started.name}", "/workbooks"):
        html = local.get(url).text
        for attr in re.findall(r'(?:src|href|action)="([^"]*)"', html):
            assert not re.match(r"(?i)^(https?:)?//", attr), (url, attr)
        assert "<script>" not in html and "onclick" not in html.lower()


# --- uploads ---------------------------------------------------------------------------------------------


def test_a_body_over_its_limit_gets_a_page_in_words_not_a_bare_status(tmp_path: Path) -> None:
    """As a browser sends it (a form, no JSON asked): over the limit, with or without Content-Length,
    the answer is m2w's page with the limit and the way back, in the user's language."""
    config = make_config(tmp_path, max_upload=4096)
    with client_for(config) as client:
        token = csrf_of(client.get("/workbooks").text)
        before = snapshot(tmp_path)
        big = {"pdf": ("big.pdf", b"%PDF-1.7\n" + b"0" * 200_000, "application/pdf")}
        for lang, words in (("en", "at most"), ("nl", "hoogstens")):
            page = client.post(f"/workbooks/upload?lang={lang}", data={"csrf": token}, files=big)
            assert page.status_code == 413 and "text/html" in page.headers["content-type"]
            assert words in page.text and "data-back" in page.text and "Content Too Large" not in page.text
        note = {"csrf": token, "name": "q.d01-q1.note", "value": "x" * (2 * 1024 * 1024)}
        page = client.post("/a/none.yaml/save?lang=en", data=note)
        assert page.status_code == 413 and "too large to send" in page.text
        assert snapshot(tmp_path) == before


def test_uploads_too_large_or_not_pdf_are_refused(tmp_path: Path) -> None:
    config = make_config(tmp_path, max_upload=4096)
    with client_for(config) as client:
        token = csrf_of(client.get("/workbooks").text)
        before = snapshot(tmp_path)
        big = {"pdf": ("big.pdf", b"%PDF-1.7\n" + b"0" * 10_000, "application/pdf")}
        response = client.post("/workbooks/upload", data={"csrf": token}, files=big, headers=JSON)
        assert response.status_code == 413 and "too large" in response.json()["error"]

        def chunks():  # no Content-Length: the limit is counted as the body arrives
            yield b'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + token.encode() + b"\r\n"
            yield b'--b\r\nContent-Disposition: form-data; name="pdf"; filename="x.pdf"\r\n\r\n%PDF-'
            for _ in range(10):
                yield b"0" * 1024
            yield b"\r\n--b--\r\n"

        response = client.post("/workbooks/upload", content=chunks(),
                               headers={"Content-Type": "multipart/form-data; boundary=b", **JSON})  # fmt: skip
        assert response.status_code == 413 and "at most" in response.json()["error"]
        for name, data in [("notes.pdf", b"just text"), ("evil.html", b"<script>alert(1)</script>"),
                           ("x.pdf", b"MZ\x90\x00")]:  # fmt: skip
            files = {"pdf": (name, data, "application/pdf")}
            response = client.post("/workbooks/upload", data={"csrf": token}, files=files, headers=JSON)
            assert response.status_code == 415 and "not a PDF" in response.json()["error"]
        assert snapshot(tmp_path) == before


# --- the team session -----------------------------------------------------------------------------------


def test_team_mode_needs_the_token(team, tmp_path: Path) -> None:
    client, config = team
    before = snapshot(tmp_path)
    for url in ("/", "/team", "/join", "/workbooks", "/api/token"):
        response = client.get(url)
        assert response.status_code == 403 and "scan the QR code" in response.text, url
        assert 'hreflang="nl"' in response.text and 'hreflang="en"' in response.text
    assert client.post("/join", data={"name": "Eve"}).status_code == 403
    assert client.get("/t/" + "x" * 32).status_code == 403
    assert client.get("/t/" + config.secrets.team_token[:-1]).status_code == 403
    assert client.get("/static/m2w.css").status_code == 200  # the look of the refusal page itself
    assert snapshot(tmp_path) == before


def test_team_link_sets_a_cookie_and_leaves_the_address_bar(team) -> None:
    client, config = team
    response = client.get(f"/t/{config.secrets.team_token}")
    assert response.status_code == 303 and response.headers["location"] == "/join"
    cookie = response.headers["set-cookie"]
    assert f"m2w_access_{config.port}=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert client.get("/join").status_code == 200


def test_a_member_sees_only_their_own_answers(team, tmp_path: Path) -> None:
    client, config = team
    set_up_session(client, config)
    other = start_assessment(tmp_path, MINI, NewAssessment("Mentor Gent", respondent="Ann"))
    client.cookies.clear()
    enter(client, config.secrets.team_token)
    token = csrf_of(client.get("/join").text)
    response = client.post("/join", data={"csrf": token, "name": "Bram"})
    own = response.headers["location"].split("/")[2]
    assert own == "answers-bram.yaml"
    assert client.get(f"/a/{own}/d01").status_code == 200
    for url in (f"/a/{other.name}/d01", f"/r/{other.name}", f"/f/{other.name}", "/team", "/team/live", "/workbooks"):
        assert client.get(url).status_code == 403, url
    before = other.read_bytes()
    response = client.post(f"/a/{other.name}/save", data={"csrf": token, "name": "q.d01-q1.value", "value": "1"})
    assert response.status_code == 403 and other.read_bytes() == before
    assert client.get("/").headers["location"] == f"/a/{own}"


@pytest.mark.parametrize(
    "name, file",
    [
        ("../../etc/passwd", "answers-etc-passwd.yaml"),
        ("فاطمة الزهراء", "answers-فاطمة-الزهراء.yaml"),
        ("🎉🙂", "answers-respondent.yaml"),
        ("<script>alert(1)</script>", "answers-script-alert-1-script.yaml"),
        ("Ω" * 200, "answers-" + "ω" * 40 + ".yaml"),
    ],
)
def test_names_become_safe_file_names_and_are_shown_escaped(team, tmp_path: Path, name: str, file: str) -> None:
    client, config = team
    set_up_session(client, config)
    token = csrf_of(client.get("/join").text)
    response = client.post("/join", data={"csrf": token, "name": name})
    assert response.status_code == 303
    assert [p.name for p in tmp_path.glob("*.yaml")] == [file]
    assert load_answers(tmp_path / file).respondent["name"] == name
    page = client.get("/team").text
    assert "<script>alert" not in page
    if name.startswith("<"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_two_people_choosing_the_same_name_get_their_own_files(team, tmp_path: Path) -> None:
    client, config = team
    set_up_session(client, config)
    token = csrf_of(client.get("/join").text)
    first = client.post("/join", data={"csrf": token, "name": "Anna"}).headers["location"]
    second = client.post("/join", data={"csrf": token, "name": "anna"}).headers["location"]
    assert first != second
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["answers-anna-2.yaml", "answers-anna.yaml"]


def test_names_too_long_or_empty_are_refused(team, tmp_path: Path) -> None:
    client, config = team
    set_up_session(client, config)
    token = csrf_of(client.get("/join").text)
    for name in ("", "   ", "x" * 201):
        assert client.post("/join", data={"csrf": token, "name": name}, headers=JSON).status_code == 422
    assert list(tmp_path.glob("*.yaml")) == []


def test_the_facilitator_sees_disagreement_and_merges(team, tmp_path: Path) -> None:
    client, config = team
    set_up_session(client, config)
    token = csrf_of(client.get("/join").text)
    files = []
    for name, value in (("Anna", "5"), ("Bram", "1")):
        files.append(client.post("/join", data={"csrf": token, "name": name}).headers["location"].split("/")[2])
        client.post(f"/a/{files[-1]}/save", data={"csrf": token, "name": "q.d01-q1.value", "value": value})
        client.post(f"/a/{files[-1]}/save", data={"csrf": token, "name": "q.d01-q2.value", "value": "3"})
    live = client.get("/team/live?lang=en").text
    assert "Anna" in live and "Bram" in live
    section = live.split("To discuss")[1].split("Every statement")[0]
    assert "d01-q1" in section and "d01-q2" not in section
    assert "mean 3.0 · spread 4.0" in section
    response = client.post("/team/merge", data={"csrf": token})
    assert response.status_code == 303 and response.headers["location"] == "/r/group-mentor-gent.yaml"
    merged = load_answers(tmp_path / "group-mentor-gent.yaml")
    assert merged.answers["d01-q1"].value == 3 and merged.extra["group"]["respondents"][0]["name"] == "Anna"
    report = client.get(response.headers["location"] + "?lang=en").text
    assert "where you disagree" in report
