"""`m2w workbook`: the printable workbook as a real PDF, read back with pypdf, and the render cache."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from m2w_tool import api
from m2w_tool import workbook_pdf as command
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.workbook import build_workbook, parse_marker

HEADINGS_NL = [
    "Achtergrond",
    "Stellingen",
    "Checklist",
    "Belang en ambitie",
    "Reflectievragen",
    "Oefeningen voor het team",
    "Actieplan",
]


def squash(text: str) -> str:
    """Text without any white space, ligatures unfolded: line breaks in a PDF fall anywhere."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def full(content, tmp_path_factory) -> PdfReader:
    """The whole printable workbook in Dutch: 15 dimensions and the quality checklist."""
    wb = build_workbook(content, content.select("all"), lang="nl")
    path = tmp_path_factory.mktemp("full") / "workbook-all-nl.pdf"
    path.write_bytes(command.render_workbook(wb))
    return PdfReader(path)


@pytest.fixture(scope="module")
def full_pages(full) -> list[str]:
    return [page.extract_text() for page in full.pages]


def test_every_dimension_theory_and_question_is_printed(content, full_pages) -> None:
    text = squash("".join(full_pages))
    assert len(content.dimensions) == 23
    for d in content.dimensions:
        assert squash(d.title("nl")) in text, d.id
        for paragraph in d.theory("nl").split("\n\n"):
            assert squash(paragraph) in text, (d.id, paragraph[:60])
        for q in d.questions:
            assert squash(q.text("nl")) in text, q.id
            assert squash(q.fully("nl")) in text, q.id
        for r in d.reflection:
            assert squash(r("nl")) in text, d.id
        for m in d.methods:
            assert squash(m.title("nl")) in text and all(squash(s("nl")) in text for s in m.steps), d.id


def test_guide_cover_and_scales_are_printed(content, full_pages) -> None:
    text = squash("".join(full_pages))
    for heading in [
        "Zo gebruik je dit werkboek",
        "Verloop van een sessie",
        "Rollen",
        "Samen tot een score komen",
        "De vier niveaus",
        "Ingevuld door",
        "Datum van de sessie",
    ]:
        assert squash(heading) in text, heading
    assert squash("Duurzaamheid van het initiatief · 15 dimensies") in text
    for scale in content.scales.values():
        for option in scale.options:
            assert squash(option.label("nl")) in text
    assert "n.v.t." in "".join(full_pages)


def test_printable_has_no_form_fields_but_carries_the_marker(full, content) -> None:
    assert not full.get_fields()
    marker = parse_marker(full.metadata["/m2wworkbook"])
    assert marker is not None and not marker.fillable
    assert marker.content_sha256 == content.sha256 and marker.module == "all" and marker.only == ()
    assert full.metadata["/Title"] == "Werkboek mentoring naar werk"


def test_page_numbers_and_no_page_ends_with_a_heading(full, full_pages) -> None:
    total = len(full.pages)
    assert 60 < total < 200
    for number, page_text in enumerate(full_pages[1:], start=2):
        lines = [line.strip() for line in page_text.strip().splitlines() if line.strip()]
        # margin boxes (running header, "pagina X van Y") come last in the content stream
        assert lines[-1] == f"pagina {number} van {total}"
        body = lines[:-2]
        assert body, number
        assert body[-1] not in HEADINGS_NL, f"page {number} ends with the heading {body[-1]!r}"


def test_table_of_contents_points_at_the_chapters(content, full_pages) -> None:
    toc = next(t for t in full_pages if "\nInhoud\n" in t)
    # the page numbers float right, so pypdf reads them first, in order
    numbers = [int(n) for n in re.findall(r"^\d+$", toc.split("\nInhoud\n")[0] + "\n", re.M)]
    assert len(numbers) == len(content.dimensions) and numbers == sorted(numbers)
    for d, page in zip(content.dimensions, numbers, strict=True):
        assert d.short_id in toc and d.title("nl") in squash_lines(toc)
        assert d.title("nl") in squash_lines(full_pages[page - 1]), (d.id, page)


def test_a_modules_overview_fits_on_its_page(content, full_pages) -> None:
    """Fifteen dimensions on the module's first page: none left alone on the next (d15 once was)."""
    for module in ("sustainability", "quality"):
        dims = [d for d in content.dimensions if d.module == module]
        page = next(t for t in full_pages if squash(dims[0].summary("nl")) in squash(t) and "Inhoud" not in t)
        for d in dims:
            assert d.short_id in page and squash(d.title("nl")) in squash(page), d.id


def squash_lines(text: str) -> str:
    return " ".join(text.split())


# --- the command --------------------------------------------------------------------------------


def test_one_dimension_in_english_from_the_command(tmp_path, monkeypatch, content) -> None:
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["workbook", "--only", "d03", "--lang", "en"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "output" / "workbook-d03-en.pdf"
    assert str(Path("output") / "workbook-d03-en.pdf") in result.output
    reader = PdfReader(path)
    assert len(reader.pages) <= 12
    text = squash("".join(p.extract_text() for p in reader.pages))
    d03, d04 = content.find("d03"), content.find("d04")
    assert squash("How to use this workbook") in text and squash("Facilitator") in text
    assert all(squash(q.text("en")) in text for q in d03.questions)
    assert squash(d04.questions[0].text("en")) not in text
    assert squash("Not applicable") not in text  # the n/a box says "n/a"; its meaning is in the intro
    assert list((tmp_path / "cache").glob("*.pdf"))  # the result was cached
    # a real render is announced, one from the cache is not
    assert result.stderr.startswith("Laying out the workbook.") and "there at once" in result.stderr
    again = CliRunner().invoke(cli, ["workbook", "--only", "d03", "--lang", "en", "-o", "again.pdf"])
    assert again.exit_code == 0 and again.stderr == ""
    assert (tmp_path / "again.pdf").read_bytes() == path.read_bytes()
    # without the cache nothing is promised for next time
    fresh = CliRunner().invoke(cli, ["workbook", "--only", "d03", "--lang", "en", "--no-cache", "-o", "fresh.pdf"])
    assert fresh.exit_code == 0 and "Laying out" in fresh.stderr and "there at once" not in fresh.stderr


def test_unknown_dimension_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["workbook", "--only", "d99", "--lang", "en"])
    assert result.exit_code == 1
    assert "Unknown dimension 'd99'" in result.output
    assert not (tmp_path / "output").exists()


def test_only_outside_the_module_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["workbook", "--module", "quality", "--only", "d03", "--lang", "en"])
    assert result.exit_code == 1
    assert "--only d03 is not part of --module quality" in result.output


@pytest.mark.parametrize(
    ("module", "only", "lang", "fillable", "name"),
    [
        ("all", "", "nl", False, "workbook-all-nl.pdf"),
        ("quality", "", "en", True, "workbook-quality-en-fillable.pdf"),
        ("all", "d03, Q02", "nl", False, "workbook-d03-q02-nl.pdf"),
    ],
)
def test_default_names(module, only, lang, fillable, name) -> None:
    assert api.workbook_path(module, only, lang, fillable) == Path("output") / name


# --- the cache ----------------------------------------------------------------------------------


def test_cache_serves_an_unchanged_request_and_renders_a_changed_one(tmp_path, monkeypatch, content) -> None:
    calls = []

    def fake_render(wb, templates=None) -> bytes:
        calls.append((wb.lang, wb.fillable))
        return f"%PDF-1.7 {wb.lang} {wb.fillable} {len(calls)}\n%%EOF".encode()

    monkeypatch.setattr(command, "render_workbook", fake_render)
    d03 = content.select("all", ["d03"])
    nl = build_workbook(content, d03, lang="nl", only=["d03"])
    first = command.workbook_pdf(nl, tmp_path)
    assert command.workbook_pdf(nl, tmp_path) == first
    assert command.workbook_pdf(build_workbook(content, d03, lang="nl", only=["d03"]), tmp_path) == first
    assert len(calls) == 1
    command.workbook_pdf(build_workbook(content, d03, lang="en", only=["d03"]), tmp_path)
    command.workbook_pdf(build_workbook(content, d03, lang="nl", fillable=True, only=["d03"]), tmp_path)
    command.workbook_pdf(build_workbook(content, content.select("all", ["d04"]), lang="nl", only=["d04"]), tmp_path)
    assert calls == [("nl", False), ("en", False), ("nl", True), ("nl", False)]
    assert len(list(tmp_path.glob("*.pdf"))) == 4
    command.workbook_pdf(nl, None)  # no cache: always rendered
    assert len(calls) == 5


def test_m2w_no_cache_keeps_workbooks_out_of_the_cache_too(tmp_path, monkeypatch, content) -> None:
    calls = []
    monkeypatch.setattr(command, "render_workbook", lambda wb, templates=None: calls.append(1) or b"%PDF-1.7\n%%EOF")
    monkeypatch.setenv("M2W_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("M2W_NO_CACHE", "1")
    for _ in range(2):
        api.make_workbook(content, lang="nl", only="d03")
    assert len(calls) == 2 and not (tmp_path / "cache").exists()
    monkeypatch.delenv("M2W_NO_CACHE")
    for _ in range(2):
        api.make_workbook(content, lang="nl", only="d03")
    assert len(calls) == 3 and len(list((tmp_path / "cache").glob("*.pdf"))) == 1


def test_cache_key_follows_the_content(tmp_path, content) -> None:
    import shutil

    from m2w_tool.resources import content_dir

    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    path = copy / "sustainability" / "03-purpose.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Een doel beantwoordt", "Een doel geeft antwoord op", 1),
        encoding="utf-8",
    )
    other = load_content(copy)
    a = build_workbook(content, content.select("all", ["d03"]), lang="nl", only=["d03"])
    b = build_workbook(other, other.select("all", ["d03"]), lang="nl", only=["d03"])
    assert command.cache_key(a) != command.cache_key(b)
    assert command.cache_key(a) == command.cache_key(
        build_workbook(content, content.select("all", ["d03"]), lang="nl", only=["d03"])
    )


def test_cache_keeps_only_the_newest(tmp_path) -> None:
    import os

    for i in range(command.CACHE_KEEP + 5):
        path = tmp_path / f"{i:03d}.pdf"
        path.write_bytes(b"x")
        os.utime(path, (1000 + i, 1000 + i))
    command._prune(tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(kept) == command.CACHE_KEEP and kept[0] == "005.pdf"


def test_unwritable_cache_still_gives_the_workbook(tmp_path, monkeypatch, content) -> None:
    monkeypatch.setattr(command, "render_workbook", lambda wb, templates=None: b"%PDF-1.7 x\n%%EOF")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    wb = build_workbook(content, content.select("all", ["d03"]), lang="nl")
    assert command.workbook_pdf(wb, blocker / "cache") == b"%PDF-1.7 x\n%%EOF"
