"""How numbers and names are shown: one rule each (format.py), the same in every document."""

from __future__ import annotations

from pathlib import Path

import pytest

from m2w_tool.answers import Answers
from m2w_tool.format import STEM_BYTES, decimal, file_stem, percent, signed_points, whole_percent


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (59.8, "nl", "59%"),
        (59.99999999999, "en", "60%"),
        (0.0, "nl", "0%"),
        (100.0, "en", "100%"),
        (63.2, "fr", "63\u00a0%"),
        (None, "nl", "–"),
    ],
)
def test_percent_is_rounded_down_and_spelled_as_the_language_does(value, lang, shown) -> None:
    assert percent(value, lang) == shown


def test_percent_of_nothing_says_what_the_caller_wants() -> None:
    assert percent(None, "en", empty="not enough answers") == "not enough answers"


def test_whole_percent_still_importable_from_scoring() -> None:
    from m2w_tool import scoring

    assert scoring.whole_percent is whole_percent and whole_percent(59.8) == 59


@pytest.mark.parametrize(
    ("value", "lang", "kwargs", "shown"),
    [
        (3.6, "nl", {}, "3,6"),
        (3.6, "en", {}, "3.6"),
        (4.0, "nl", {}, "4,0"),
        (4.0, "nl", {"trim": True}, "4"),
        (3.666, "en", {"digits": 2}, "3.67"),
        (None, "nl", {}, "–"),
    ],
)
def test_decimal_uses_the_languages_decimal_sign(value, lang, kwargs, shown) -> None:
    assert decimal(value, lang, **kwargs) == shown


@pytest.mark.parametrize(("value", "shown"), [(12.4, "+12"), (-3.2, "\u22123"), (0.4, "0"), (None, "–")])
def test_signed_points_use_a_real_minus_sign(value, shown) -> None:
    assert signed_points(value) == shown


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Brugwerk Gent", "brugwerk-gent"),
        ("Café ☕ Antwerpen", "cafe-antwerpen"),
        ("Ëlif Şahin", "elif-sahin"),
        ("مبادرة الجسر", "مبادرة-الجسر"),  # other scripts stay readable
        ("Мост й", "мост-й"),  # й is its own letter: its breve stays
        ("हिन्दी मदद", "हिन्दी-मदद"),  # vowel signs belong to their letters
        ("Straße", "straße"),
        ("Ｆｕｌｌ", "full"),
        ("../..", ""),
        (".hidden", "hidden"),
        ("-rf /", "rf"),  # never starts like an option
        ("report.pdf.exe", "report-pdf-exe"),  # no extension games
        ("invoice\u202efdp.exe", "invoicefdp-exe"),  # a bidi override that would hide the extension
        ("zero\u200bwidth", "zerowidth"),
        ("CON", "con_"),  # Windows will not open a file named like a device
        ("lpt1", "lpt1_"),
        ("console", "console"),
        ("", ""),
    ],
)
def test_file_stem(name, stem) -> None:
    assert file_stem(name) == stem


def test_file_stem_is_short_in_characters_and_bytes() -> None:
    assert len(file_stem("x" * 200)) == 50
    assert file_stem("ب" * 200) == "ب" * 50  # 2 bytes a letter: 100 bytes
    chinese = file_stem("桥" * 200)  # 3 bytes a letter: cut at the byte limit, on a character
    assert chinese == "桥" * (STEM_BYTES // 3) and len(chinese.encode("utf-8")) <= STEM_BYTES
    assert not file_stem("a " * 60).endswith("-")


def test_reports_batches_and_imports_name_files_by_the_same_rule() -> None:
    from m2w_tool.batch import report_stems
    from m2w_tool.format import slug  # the name the library layer uses for imports and group files
    from m2w_tool.report import report_stem

    for name in ("Мост й", "Ëlif Şahin", "مبادرة الجسر"):
        answers = Answers(initiative={"name": name})
        expected = file_stem(name)
        assert report_stem(answers) == f"report-{expected}"
        assert report_stems([Path(f"{name}.yaml")]) == [f"report-{expected}"]
        assert slug(name) == expected
