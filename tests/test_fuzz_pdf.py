"""Fuzzing fillable workbooks (issue 11): whatever a PDF reader stored in the form fields, `m2w import`
writes an answers file that m2w reads (and reports on), or says in words which file and field are
wrong; never "unexpected problem" (exit 70), a traceback or a raw control character in the terminal."""

from __future__ import annotations

from pathlib import Path

from conftest import fill_pdf
from fuzzkit import share, texts
from hypothesis import given, reject
from hypothesis import strategies as st
from m2wrun import assert_handled, m2w

from m2w_tool.content import load_content
from m2w_tool.workbook import MARKER_FIELD, build_workbook, field_specs

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
SPECS = field_specs(build_workbook(MINI, MINI.select("all", []), lang="en", fillable=True, only=[]))
TEXT_FIELDS = [name for name, spec in SPECS.items() if spec.kind == "text" and name != MARKER_FIELD]
CHOICE_FIELDS = {name: spec for name, spec in SPECS.items() if spec.kind == "choice"}


def choice_value(name: str) -> st.SearchStrategy[str]:
    spec = CHOICE_FIELDS[name]
    return st.one_of(
        st.sampled_from([c.value for c in spec.choices]),
        st.sampled_from([c.label for c in spec.choices] + [c.caption for c in spec.choices]),
        texts,
    )


@st.composite
def filled_fields(draw: st.DrawFn) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for name in draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=6, unique=True)):
        chosen[name] = draw(texts)
    for name in draw(st.lists(st.sampled_from(sorted(CHOICE_FIELDS)), max_size=6, unique=True)):
        chosen[name] = draw(choice_value(name))
    if draw(st.integers(0, 9)) == 0:  # now and then someone (or something) edits the marker
        chosen[MARKER_FIELD] = draw(texts)
    return chosen


@share(0.5)
@given(values=filled_fields())
def test_import_any_field_values(tmp_path_factory, mini_fillable: Path, values: dict[str, str]) -> None:
    folder = tmp_path_factory.mktemp("pdf")
    try:
        pdf = fill_pdf(mini_fillable, values, folder / "filled.pdf")
    except Exception:  # noqa: BLE001 - the PDF library could not store this value: nothing to import
        reject()
    result = m2w("import", pdf, "-o", folder / "a.yaml", "--content", MINI_DIR, "--lang", "en")
    assert_handled(result, located=False)  # import names the file and the field, not a line
    assert "\x1b" not in result.output and "\x9b" not in result.output
    if result.exit_code == 0:
        report = m2w("report", folder / "a.yaml", "--format", "html", "--content", MINI_DIR, "-o", folder / "out")
        assert report.exit_code == 0, report.output
    else:
        assert str(pdf) in result.stderr, result.stderr
