"""`m2w import`: a fillable workbook filled in as a PDF reader would, read back into answers files.

The workbook is rendered once per module (WeasyPrint) and filled with pypdf, the way a reader
stores what a person typed and chose. Every bad input gets a clear message and writes nothing.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import speaking
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from m2w_tool.answers import DONT_KNOW, NA, load_answers
from m2w_tool.cli import cli
from m2w_tool.content import load_content
from m2w_tool.pdfform import WorkbookImportError, read_workbook
from m2w_tool.render import html_to_pdf
from m2w_tool.resources import content_dir
from m2w_tool.workbook import build_workbook
from m2w_tool.workbook_pdf import render_workbook

ONLY = ["d03", "q02"]

# What a person fills in, by field name (as a PDF reader stores it: export values for lists).
FILLED = {
    "initiative:name": "Mentor2Work Gent",
    "initiative:organisation": "Vzw Brug & Co <b>",
    "respondent:name": "Fatima El Amrani",
    "respondent:role": "trajectbegeleider",
    "d03-q1": "4",
    "d03-q1:note": "Staat in het beleidsplan.\nNog niet op de website.",
    "d03-q2": "n/a",
    "d03-q4": "2",
    "d03-q5:note": "Geen score, wel een opmerking: ٱلْعَرَبِيَّة ok",
    "d03:importance": "5",
    "d03:target": "established",
    "d03:reflection:2": "De subsidie voor snelle plaatsing trekt ons weg.",
    "d03:action:1:what": "Doel in één zin herschrijven",
    "d03:action:1:who": "Coördinator",
    "d03:action:1:when": "juni 2027",
    "d03:action:3:who": "Bestuur",
    "q02-q1": "3",
    "q02-q1:how_well": "4",
    "q02-q1:evidence": "Intakeformulier v3",
    "q02-q2": "1",
    "q02-q6": "n/a",
    "q02-q7": "dont_know",
}

EXPECTED_ANSWERS = {
    "d03-q1": {"value": 4, "note": "Staat in het beleidsplan.\nNog niet op de website."},
    "d03-q2": {"value": NA},
    "d03-q4": {"value": 2},
    "d03-q5": {"value": None, "note": "Geen score, wel een opmerking: ٱلْعَرَبِيَّة ok"},
    "q02-q1": {"value": 3, "how_well": 4, "evidence": "Intakeformulier v3"},
    "q02-q2": {"value": 1},
    "q02-q6": {"value": NA},
    "q02-q7": {"value": DONT_KNOW},
}

EXPECTED_DIMENSIONS = {
    "d03-purpose": {
        "importance": 5,
        "target": "established",
        "reflections": ["", "De subsidie voor snelle plaatsing trekt ons weg.", ""],
        "actions": [
            {"what": "Doel in één zin herschrijven", "who": "Coördinator", "when": "juni 2027"},
            {"what": "", "who": "Bestuur", "when": ""},
        ],
    }
}


def render(content, only, lang="nl", fillable=True) -> bytes:
    wb = build_workbook(content, content.select("all", only), lang=lang, fillable=fillable, only=only)
    return render_workbook(wb)


def fill(pdf: bytes, values: dict[str, str], target: Path) -> Path:
    """Fill fields the way a PDF reader saves them, with pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)
    return target


def set_raw(pdf_path: Path, values: dict[str, str], target: Path) -> Path:
    """Set /V directly on the field objects (what some readers do, e.g. storing the shown text)."""
    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            field = annot.get_object()
            name = field.get("/T")
            if name in values:
                field[NameObject("/V")] = TextStringObject(values[name])
    writer.write(target)
    return target


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def blank(content, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "workbook-fillable.pdf"
    path.write_bytes(render(content, ONLY))
    return path


@pytest.fixture(scope="module")
def filled(blank, tmp_path_factory) -> Path:
    return fill(blank.read_bytes(), FILLED, tmp_path_factory.mktemp("filled") / "fatima.pdf")


@pytest.fixture(scope="module")
def printable(content, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "workbook.pdf"
    path.write_bytes(render(content, ["d03"], fillable=False))
    return path


def _other_content(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(content_dir(), target)
    shutil.rmtree(target / "migrations")  # other content, without the shipped history of ids
    path = target / "sustainability" / "03-purpose.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# --- the round trip ------------------------------------------------------------------------------


def test_fillable_workbook_has_named_fields_and_a_marker(blank, content) -> None:
    reader = PdfReader(blank)
    fields = reader.get_fields()
    assert fields["d03-q1"]["/FT"] == "/Ch"
    options = [opt[0] for opt in fields["d03-q1"]["/Opt"]]
    # "choose" has an export value of its own: PyMuPDF refuses a drop-down with an empty one
    assert options == ["-", "1", "2", "3", "4", "5", "n/a", "dont_know"]
    assert [opt[0] for opt in fields["q02-q1"]["/Opt"]] == ["-", "1", "2", "3", "n/a", "dont_know"]
    assert [opt[0] for opt in fields["q02-q4"]["/Opt"]] == ["-", "1", "2", "3", "dont_know"]  # a minimum criterion
    assert [opt[0] for opt in fields["q02-q1:how_well"]["/Opt"]] == ["-", "1", "2", "3", "4", "5", "dont_know"]
    assert fields["d03-q1:note"]["/FT"] == "/Tx"
    # as many action rows as an import takes (a fourth filled row would be refused)
    assert "d03:action:3:when" in fields and "d03:action:4:when" not in fields and "respondent:name" in fields
    marker = reader.metadata["/m2wworkbook"]
    assert content.sha256 in marker and "form=fillable" in marker and "only=d03,q02" in marker
    hidden = fields["m2w:workbook"]
    assert hidden["/V"] == marker
    assert hidden["/Ff"] & 1  # read-only
    annot = next(a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object()["/T"] == "m2w:workbook")
    assert annot["/F"] & 2  # hidden


def test_import_holds_exactly_what_was_filled(filled, tmp_path) -> None:
    out = tmp_path / "answers.yaml"
    result = run("import", str(filled), "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    answers = load_answers(out)
    data = answers.to_yaml()
    assert data["answers"] == EXPECTED_ANSWERS
    assert data["dimensions"] == EXPECTED_DIMENSIONS
    assert answers.initiative == {"name": "Mentor2Work Gent", "organisation": "Vzw Brug & Co <b>", "region": ""}
    assert answers.respondent == {"name": "Fatima El Amrani", "role": "trajectbegeleider"}
    assert answers.language == "nl"
    assert answers.scope == {"module": "all", "only": ["d03", "q02"]}
    content = load_content()
    assert answers.content_sha256 == content.sha256
    assert answers.unknown_ids(content) == []
    # the summary says what was answered and which questions were left empty
    assert "Fatima El Amrani: 7 of 12 questions answered (2 n/a, 1 don't know)" in result.output
    assert "d03: d03-q3, d03-q5" in result.output
    assert "q02: q02-q8, q02-q4, q02-q9" in result.output


def test_report_renders_from_the_imported_answers(filled, tmp_path) -> None:
    out = tmp_path / "answers.yaml"
    assert run("import", str(filled), "-o", str(out)).exit_code == 0
    result = run("report", str(out), "--format", "html", "-o", str(tmp_path / "report"), "--lang", "nl")
    assert result.exit_code == 0, result.output
    (html_path,) = (tmp_path / "report").glob("*.html")
    html = html_path.read_text(encoding="utf-8")
    assert "Mentor2Work Gent" in html
    assert "Staat in het beleidsplan." in html
    assert "Doel in één zin herschrijven" in html
    assert "Intakeformulier v3" in html
    assert "Vzw Brug &amp; Co &lt;b&gt;" in html and "<b>" not in html.split("Vzw Brug", 1)[1][:20]


def test_reader_storing_the_shown_text_is_understood(blank, tmp_path, content) -> None:
    path = set_raw(blank, {"d03-q1": "3 · Deels", "q02-q1": "Ja", "d03:target": "Sterk"}, tmp_path / "shown.pdf")
    answers = read_workbook(path, content).answers
    assert answers.answers["d03-q1"].value == 3
    assert answers.answers["q02-q1"].value == 3
    assert answers.dimensions["d03-purpose"].target == "strong"


def test_several_workbooks_become_separate_respondents(blank, tmp_path) -> None:
    a = fill(blank.read_bytes(), {"respondent:name": "Fatima El Amrani", "d03-q1": "5"}, tmp_path / "a.pdf")
    b = fill(blank.read_bytes(), {"respondent:name": "Jan Peeters", "d03-q1": "2"}, tmp_path / "b.pdf")
    c = fill(blank.read_bytes(), {"respondent:name": "", "d03-q1": "n/a"}, tmp_path / "team-c.pdf")
    out = tmp_path / "team"
    result = run("import", str(a), str(b), str(c), "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["answers-fatima-el-amrani.yaml", "answers-jan-peeters.yaml", "answers-team-c.yaml"]
    assert load_answers(out / "answers-jan-peeters.yaml").answers["d03-q1"].value == 2
    assert load_answers(out / "answers-team-c.yaml").answers["d03-q1"].value == NA
    # several workbooks into one file is refused before anything is written
    result = run("import", str(a), str(b), "-o", str(tmp_path / "one.yaml"), "--lang", "en")
    assert result.exit_code == 1 and "give a folder with -o" in result.output
    assert not (tmp_path / "one.yaml").exists()


def test_existing_answers_file_is_kept_unless_forced(filled, tmp_path) -> None:
    out = tmp_path / "answers.yaml"
    out.write_text("m2w_answers: 1\nrespondent: {name: Someone else}\n", encoding="utf-8")
    before = out.read_bytes()
    result = run("import", str(filled), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1 and "already exists" in result.output and "--force" in result.output
    assert out.read_bytes() == before
    assert run("import", str(filled), "-o", str(out), "--force").exit_code == 0
    assert load_answers(out).respondent["name"] == "Fatima El Amrani"
    # A file that is no answers file is never replaced, not even with --force.
    notes = tmp_path / "notes.yaml"
    notes.write_text("keep me\n", encoding="utf-8")
    result = run("import", str(filled), "-o", str(notes), "--force", "--lang", "en")
    assert result.exit_code == 1 and "is not an m2w answers file" in result.output, result.output
    assert notes.read_text(encoding="utf-8") == "keep me\n"


# --- bad input ------------------------------------------------------------------------------------


def _refused(path: Path, tmp_path: Path, *expected: str, lang: str = "en") -> str:
    """Import must fail with a message containing `expected`, writing nothing."""
    out = tmp_path / "out"
    result = run("import", str(path), "-o", str(out), "--lang", lang)
    assert result.exit_code == 1, result.output
    for text in expected:
        assert text in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    return result.output


def test_pdf_not_made_by_m2w(tmp_path) -> None:
    pdf = html_to_pdf('<p>Survey</p><input type="text" name="q1">', title="x", lang="en", pdf_forms=True)
    path = tmp_path / "other.pdf"
    path.write_bytes(pdf)
    _refused(path, tmp_path, "was not made by m2w")


def test_pdf_without_form_fields(tmp_path, printable) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(html_to_pdf("<p>Just text</p>", title="x", lang="en"))
    _refused(path, tmp_path, "has no form fields")
    _refused(printable, tmp_path, "workbook for printing", "m2w workbook --fillable")


def test_flattened_fillable_workbook(filled, tmp_path) -> None:
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.remove_annotations(subtypes=None)
    del writer.root_object["/AcroForm"]
    path = tmp_path / "flat.pdf"
    writer.write(path)
    _refused(path, tmp_path, "form fields are gone", "flattened")


def test_workbook_from_other_content_names_the_ids_that_differ(tmp_path, content) -> None:
    other = load_content(_other_content(tmp_path, "id: d03-q5", "id: d03-q9"))
    path = fill(render(other, ["d03"]), {"d03-q1": "3"}, tmp_path / "other-content.pdf")
    output = _refused(
        path,
        tmp_path,
        "made from other content",
        "Only in the workbook: d03-q9",
        "Only in the content: d03-q5",
        "--content",
    )
    assert other.sha256[:10] in output and content.sha256[:10] in output
    # with the content it was made from, it imports
    result = run("import", str(path), "-o", str(tmp_path / "ok.yaml"), "--content", str(other.root))
    assert result.exit_code == 0, result.output


def test_changed_wording_with_the_same_ids_imports_with_a_notice(tmp_path, content) -> None:
    other = load_content(_other_content(tmp_path, "Een doel beantwoordt", "Een doel geeft antwoord op"))
    assert other.sha256 != content.sha256
    path = fill(render(other, ["d03"]), {"d03-q1": "3"}, tmp_path / "reworded.pdf")
    result = run("import", str(path), "-o", str(tmp_path / "a.yaml"), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "All questions match, so the answers were imported" in result.output
    answers = load_answers(tmp_path / "a.yaml")
    assert answers.answers["d03-q1"].value == 3 and answers.content_sha256 == content.sha256


def test_encrypted_pdf(filled, tmp_path) -> None:
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.encrypt(user_password="geheim", owner_password="geheim", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    _refused(path, tmp_path, "protected with a password")
    _refused(path, tmp_path, "beveiligd met een wachtwoord", lang="nl")


def test_truncated_pdf(filled, tmp_path) -> None:
    data = filled.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) * 2 // 3])
    _refused(path, tmp_path, "incomplete", "Save the workbook again")


def test_saved_form_cut_inside_the_readers_update(blank, tmp_path, content) -> None:
    # PDF readers save a filled form as an update appended to the original file; a file cut inside
    # that update still holds the original's %%EOF and would otherwise import as an empty workbook.
    original = blank.read_bytes()
    writer = PdfWriter(blank, incremental=True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"d03-q1": "4"}, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    saved = buffer.getvalue()
    assert saved.startswith(original) and len(saved) > len(original)
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(saved)
    assert read_workbook(whole, content).answers.answers["d03-q1"].value == 4
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(saved[: len(original) + (len(saved) - len(original)) // 2])
    _refused(cut, tmp_path, "incomplete")


def test_corrupt_pdf(tmp_path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage ]]>> endobj\n%%EOF\n")
    _refused(path, tmp_path, "damaged")


def test_not_a_pdf_and_missing_file(tmp_path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("m2w_answers: 1\n", encoding="utf-8")
    _refused(path, tmp_path, "is not a PDF file")
    _refused(tmp_path / "nowhere.pdf", tmp_path, "file not found")


def test_value_that_is_not_an_option(blank, tmp_path) -> None:
    path = set_raw(blank, {"d03-q1": "7"}, tmp_path / "seven.pdf")
    _refused(path, tmp_path, "d03-q1: holds '7', which is none of its choices (1, 2, 3, 4, 5, n/a, dont_know)")


def test_missing_fields_in_a_workbook_of_this_content(blank, tmp_path) -> None:
    writer = PdfWriter(clone_from=PdfReader(blank))
    form = writer.root_object["/AcroForm"]
    kept = [f for f in form["/Fields"] if f.get_object()["/T"] != "d03-q2"]
    form[NameObject("/Fields")] = type(form["/Fields"])(kept)
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots:
            page[NameObject("/Annots")] = type(annots)([a for a in annots if a.get_object().get("/T") != "d03-q2"])
    path = tmp_path / "edited.pdf"
    writer.write(path)
    _refused(path, tmp_path, "form fields are missing (d03-q2)")


def test_one_bad_workbook_among_several_writes_nothing(filled, tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(filled.read_bytes()[:5000])
    out = tmp_path / "team"
    result = run("import", str(filled), str(bad), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert "bad.pdf: the PDF is incomplete" in result.output
    assert "1 workbook(s) could not be read; nothing was written." in result.output
    assert not out.exists()


def test_read_workbook_raises_an_m2w_error(tmp_path, content) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a pdf")
    with speaking("nl"), pytest.raises(WorkbookImportError, match="geen PDF-bestand"):
        read_workbook(path, content)


# --- a second PDF library, the rules of every route, an empty workbook ------------------------------


def fill_with_pymupdf(blank: Path, values: dict[str, str], target: Path) -> Path:
    """Fill the form the way PyMuPDF (MuPDF) does: by each widget's export value, regenerating its look."""
    import pymupdf

    doc = pymupdf.open(blank)
    seen = set()
    for page in doc:
        for widget in page.widgets():
            if widget.field_name in values:
                widget.field_value = values[widget.field_name]
                widget.update()
                seen.add(widget.field_name)
    assert seen == set(values), set(values) - seen
    doc.save(target)
    return target


def test_a_workbook_filled_with_pymupdf_imports_exactly(blank, tmp_path) -> None:
    path = fill_with_pymupdf(blank, FILLED, tmp_path / "mupdf.pdf")
    out = tmp_path / "answers.yaml"
    result = run("import", str(path), "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    answers = load_answers(out)
    assert answers.to_yaml()["answers"] == EXPECTED_ANSWERS
    assert answers.to_yaml()["dimensions"] == EXPECTED_DIMENSIONS
    assert answers.respondent == {"name": "Fatima El Amrani", "role": "trajectbegeleider"}


def test_import_applies_the_rules_of_every_route_and_lists_every_problem(blank, tmp_path) -> None:
    values = {
        "q02-q1": "1", "q02-q1:how_well": "4",  # "how well" on a criterion that is not in place
        "q02-q2": "n/a", "q02-q2:how_well": "3",  # ... answered not applicable
        "q02-q6": "dont_know", "q02-q6:how_well": "2",  # ... answered don't know
        "q02-q8": "2", "q02-q8:how_well": "5",  # partly in place: fine
    }  # fmt: skip
    path = fill(blank.read_bytes(), values, tmp_path / "rules.pdf")
    output = _refused(path, tmp_path, "q02-q1:how_well: 'how well' applies only when the criterion is at least partly",
                      "q02-q2:how_well: 'how well' applies", "q02-q6:how_well: 'how well' applies")  # fmt: skip
    assert "q02-q8" not in output
    assert output.rstrip().endswith("Nothing was written.")  # as every other way in says it
    # a value no drop-down offers and a minimum criterion answered n/a (a reader storing any text), together
    path = set_raw(blank, {"d03-q1": "7", "q02-q4": "n/a"}, tmp_path / "two.pdf")
    output = _refused(path, tmp_path, "d03-q1: holds '7'", "q02-q4: holds 'n/a'")
    assert output.count("two.pdf: ") == 2


def test_a_workbook_with_nothing_filled_in_is_refused_with_a_hint(blank, tmp_path) -> None:
    out = tmp_path / "empty.yaml"
    result = run("import", str(blank), "-o", str(out), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "nothing is filled in. Was the workbook saved after filling it in?" in result.output
    assert "Nothing was written." in result.output and "m2w report" not in result.output
    assert not out.exists()
    one = fill(blank.read_bytes(), {"d03-q1": "4"}, tmp_path / "one.pdf")
    filled = run("import", str(one), "-o", str(tmp_path / "one.yaml"), "--lang", "en")
    assert filled.exit_code == 0 and "nothing is filled in" not in filled.output


def test_import_names_a_spreadsheet_or_answers_file_for_what_it_is(tmp_path) -> None:
    sheet = tmp_path / "team.xlsx"
    from openpyxl import Workbook

    Workbook().save(sheet)
    _refused(sheet, tmp_path, "team.xlsx: this is a spreadsheet, not a PDF workbook", "m2w assess answers.yaml --from")
    csv_file = tmp_path / "team.csv"
    csv_file.write_text("id,value\nd03-q1,4\n", encoding="utf-8")
    _refused(csv_file, tmp_path, "team.csv", "m2w assess answers.yaml --from")


def test_a_criterion_in_place_without_its_how_well_is_listed_as_left_open(blank, tmp_path) -> None:
    # "Partly" in place, and the "how well" beside it left empty: imported, and said, as the sheet says it.
    path = fill(blank.read_bytes(), {"q02-q2": "2", "q02-q1": "3", "q02-q1:how_well": "4"}, tmp_path / "half.pdf")
    result = run("import", str(path), "-o", str(tmp_path / "half.yaml"), "--lang", "en")
    assert result.exit_code == 0, result.output
    left = result.output.split("Left empty:", 1)[1]
    q02 = next(line for line in left.splitlines() if line.strip().startswith("q02:"))
    assert "q02-q2 (how well)" in q02 and "q02-q1" not in q02.replace("q02-q1 ", "")  # q02-q1 is whole
    assert load_answers(tmp_path / "half.yaml").answers["q02-q2"].value == 2
