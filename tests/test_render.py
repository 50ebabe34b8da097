"""Rendering: the HTML report parsed for its structure and safety, the PDF read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from m2w_tool.answers import Action, Answer, Answers, DimensionAnswers, save_answers
from m2w_tool.api import make_report
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.errors import RenderError
from m2w_tool.render import (
    AttachmentFile,
    environment,
    html_to_pdf,
    make_fetcher,
    render_html,
    render_report_html,
)
from m2w_tool.report import build_report
from m2w_tool.resources import examples_dir

DAY = date(2026, 11, 24)
HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", '<img src="file:///etc/passwd">']
ARABIC = "مبادرة الجسر"


class Page(HTMLParser):
    """What a test needs from an HTML page: headings, ids, URL-ish attributes, text, tags."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[int, str]] = []
        self.lang = ""
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._level = 0
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id":
                self.ids.add(value)
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])
        if tag in ("style", "title", "desc"):
            self._skip += 1

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None
        if tag in ("style", "title", "desc"):
            self._skip -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        if not self._skip:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> dict[str, Path]:
    """The demo report with baseline, rendered once as HTML, PDF and CSV through the real pipeline."""
    out = tmp_path_factory.mktemp("demo")
    made = make_report(
        examples_dir() / "demo.yaml",
        content=load_content(),
        lang="nl",
        formats=["html", "pdf"],
        out_dir=out,
        baseline_path=examples_dir() / "demo-2025.yaml",
        report_date=DAY,
    )
    return {p.suffix.lstrip("."): p for p in made.paths}


@pytest.fixture(scope="module")
def demo_page(demo_files) -> Page:
    return Page(demo_files["html"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_pdf(demo_files) -> pypdf.PdfReader:
    return pypdf.PdfReader(demo_files["pdf"])


def hostile_answers() -> Answers:
    a = Answers(scope={"module": "all", "only": ["d03", "q02"]})
    a.initiative = {"name": ARABIC + " – Мост", "organisation": HOSTILE[0], "region": HOSTILE[1]}
    a.respondent = {"name": HOSTILE[2], "role": "coördinator"}
    a.answers = {f"d03-q{i}": Answer(3 + i % 3) for i in range(1, 7)}
    a.answers["d03-q1"] = Answer(4, note=HOSTILE[0], evidence=HOSTILE[2])
    a.answers["d03-q2"] = Answer("n/a", note=HOSTILE[1])
    a.answers.update({f"q02-q{i}": Answer(2, 4) for i in range(1, 8)})
    a.dimensions["d03-purpose"] = DimensionAnswers(
        importance=5, reflections=[HOSTILE[1], "", ""], actions=[Action(HOSTILE[0], HOSTILE[2], HOSTILE[1])]
    )
    return a


@pytest.fixture(scope="module")
def hostile_html(content) -> str:
    return render_report_html(build_report(content, hostile_answers(), "en", report_date=DAY))


@pytest.fixture(scope="module")
def hostile_pdf(hostile_html) -> tuple[pypdf.PdfReader, object]:
    fetcher = make_fetcher()
    data = html_to_pdf(
        hostile_html, title="t", lang="en", attachments=[AttachmentFile("answers.yaml", b"x: 1")], fetcher=fetcher
    )
    return pypdf.PdfReader(io.BytesIO(data)), fetcher


def pdf_text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# --- HTML -----------------------------------------------------------------------------------------


def test_html_has_every_section_and_dimension(demo_page, content) -> None:
    expected = {
        "cover",
        "contents",
        "summary",
        "how-to-read",
        "module-sustainability",
        "module-quality",
        "capitals",
        "action-plan",
    }
    assert expected <= demo_page.ids and "appendix" not in demo_page.ids  # the appendix only when asked
    assert {d.id for d in content.dimensions} <= demo_page.ids
    h3 = [text for level, text in demo_page.headings if level == 3]
    for d in content.dimensions:
        assert any(d.title("nl") in h for h in h3), d.id
    assert demo_page.lang == "nl"


def test_html_headings_never_skip_a_level(demo_page) -> None:
    levels = [level for level, _ in demo_page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (before, after)


def test_html_is_self_contained(demo_page, demo_files) -> None:
    html = demo_files["html"].read_text(encoding="utf-8")
    for tag, name, value in demo_page.attrs:
        if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
            assert value.startswith("#"), (tag, name, value)
    assert "script" not in demo_page.tags and "link" not in demo_page.tags and "img" not in demo_page.tags
    assert not re.search(r"https?://|file:|url\(|@import", html, re.IGNORECASE)


def test_charts_are_accessible(demo_page) -> None:
    svgs = [dict((n, v) for t, n, v in demo_page.attrs if t == "svg" and n in ("role", "aria-labelledby"))]
    assert svgs and all(s.get("role") == "img" for s in svgs)
    assert demo_page.tags.count("svg") == 2
    assert demo_page.tags.count("title") == 1 + 2 and demo_page.tags.count("desc") == 2


def test_user_text_appears_exactly_as_typed(hostile_html) -> None:
    page = Page(hostile_html)
    text = page.all_text
    for typed in HOSTILE:
        assert typed in text
    assert "49" not in text.replace("2049", "")
    assert "script" not in page.tags and "img" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert ARABIC in text
    # User text carries its own direction, for right-to-left scripts.
    assert re.search(r'<span class="u" dir="auto">' + re.escape("&lt;img"), hostile_html)


def test_strict_undefined_and_missing_template() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        environment("en").from_string("{{ nothing_here }}").render()
    with pytest.raises(RenderError, match="nope.html.j2"):
        render_html("nope.html.j2", "en")


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_contains_every_dimension_title(demo_pdf, content) -> None:
    text = pdf_text(demo_pdf)
    for d in content.dimensions:
        assert d.title("nl") in text, d.id
    assert "pagina 3 van" in text
    assert "Brugwerk Gent" in demo_pdf.pages[5].extract_text()  # running header


def test_pdf_bookmarks_metadata_and_attachments(demo_pdf, content) -> None:
    top = [o.title for o in demo_pdf.outline if not isinstance(o, list)]
    assert top[:4] == ["Inhoud", "Samenvatting", "Actieplan", "Hoe lees je dit rapport?"]
    assert top[-1] == "De zes vormen van menselijk kapitaal"
    nested = [o.title for o in demo_pdf.outline if isinstance(o, list) for o in o]
    assert nested == [f"{d.number}. {d.title('nl')}" for d in content.dimensions]
    assert demo_pdf.metadata.title == "Reflectierapport: Brugwerk Gent"
    assert demo_pdf.trailer["/Root"]["/Lang"] == "nl"
    files = demo_pdf.attachments
    assert set(files) == {"demo.yaml", "demo-2025.yaml"}
    assert files["demo.yaml"][0] == (examples_dir() / "demo.yaml").read_bytes()
    box = demo_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_pdf_table_of_contents_has_page_numbers(demo_pdf) -> None:
    toc = " ".join(demo_pdf.pages[0].extract_text().split())  # on the cover page
    match = re.search(r"(\d+) ?Actieplan", toc)  # the page number stands before the title
    assert match, toc[:300]
    page = int(match.group(1))
    assert "Actieplan" in demo_pdf.pages[page - 1].extract_text()


def test_pdf_user_text_as_typed_and_nothing_fetched(hostile_pdf) -> None:
    reader, fetcher = hostile_pdf
    text = pdf_text(reader)
    for typed in HOSTILE:
        assert typed in text
    assert ARABIC in text and "Мост" in text
    assert fetcher.served == [] and fetcher.refused == []
    assert "root:" not in text
    assert set(reader.attachments) == {"answers.yaml"}


def test_fetcher_refuses_everything_but_packaged_assets() -> None:
    fetcher = make_fetcher()
    html = (
        '<html><body><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<p style="background: url(https://example.org/a.png)">x</p>'
        '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E"><img src="m2w-asset:../../../etc/passwd">'
        '<img src="/etc/passwd"></body></html>'
    )
    data = html_to_pdf(html, title="t", lang="en", fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert fetcher.served == []
    refused = " ".join(fetcher.refused)
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/a.png",
        "data:image/svg",
        "m2w-asset:../../../etc/passwd",
    ):
        assert url in refused


# --- the commands -------------------------------------------------------------------------------


def test_report_command_writes_html_and_csv(tmp_path, content) -> None:
    answers = tmp_path / "ours.yaml"
    save_answers(hostile_answers(), answers)
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(answers),
            "--format",
            "html",
            "-o",
            str(tmp_path / "out"),
            "--lang",
            "nl",
            "--date",
            "2026-11-24",
        ],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["report-مبادرة-الجسر-мост-actions.csv", "report-مبادرة-الجسر-мост.html"]
    for name in written:
        assert str(tmp_path / "out" / name) in result.output
    page = Page((tmp_path / "out" / written[1]).read_text(encoding="utf-8"))
    assert page.lang == "nl" and "Samenvatting" in [h for _, h in page.headings]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--format", "docx"], "Unknown format 'docx'"), (["--date", "24/11/2026"], "is not a date")],
)
def test_report_command_refuses_bad_options(tmp_path, args, message) -> None:
    answers = tmp_path / "a.yaml"
    save_answers(Answers(), answers)
    result = CliRunner().invoke(cli, ["report", str(answers), "-o", str(tmp_path), "--lang", "en", *args])
    assert result.exit_code == 2 and message in result.output  # a usage error, as Click reports them
    assert list(tmp_path.iterdir()) == [answers]


def test_report_command_on_a_missing_file(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "none.yaml"), "--lang", "en"])
    assert result.exit_code == 1 and "file not found" in result.output


def test_demo_command(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--format", "html", "-o", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    html = tmp_path / "report-brugwerk-gent.html"
    assert html.is_file() and str(html) in result.output
    page = Page(html.read_text(encoding="utf-8"))
    assert page.lang == "en" and "Summary" in [h for _, h in page.headings]
    assert "Progress" in page.all_text  # compared with the 2025 baseline
