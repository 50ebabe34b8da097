"""Hardening (issue 11), pages: a long text without spaces (a pasted link of 100 kB) gets break
opportunities, so it wraps on the page instead of costing minutes of layout (measured in
bench/bench_longtext.py); a browser copies it without them, and the PDF holds every character."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from m2w_tool.answers import Answers
from m2w_tool.content import load_content
from m2w_tool.render import LONG_RUN, breakable, html_to_pdf, render_report_html
from m2w_tool.report import build_report

MINI = load_content(Path(__file__).parent / "data" / "mini")
LINK = "https://example.org/" + "".join(f"segment{n:04d}" for n in range(300))  # 3,320 characters, no space


def test_breakable_leaves_ordinary_text_alone_and_breaks_long_runs() -> None:
    assert str(breakable("Mentor Gent & <co>")) == "Mentor Gent &amp; &lt;co&gt;"
    assert "<wbr>" not in str(breakable("x" * LONG_RUN + " " + "y" * LONG_RUN))
    broken = str(breakable("<b>" + "z" * 100 + "&amp;"))
    assert broken.count("<wbr>") >= 9 and "<b>" not in broken
    assert re.sub("<wbr>", "", broken) == "&lt;b&gt;" + "z" * 100 + "&amp;amp;"
    wide = str(breakable("漢" * 40))  # wide characters count double: a break every five
    assert wide.count("<wbr>") == 7


def test_a_long_link_in_a_note_wraps_in_the_report_and_nothing_is_lost() -> None:
    answers = Answers(language="en")
    answers.initiative["name"] = "Mentor Gent"
    answers.answer("d01-q1").value = 4
    answers.answer("d01-q1").note = LINK
    html = render_report_html(build_report(MINI, answers, "en"))
    assert LINK not in html  # broken up ...
    assert html.count("<wbr>") >= len(LINK) // 10 - 1
    assert LINK in html.replace("<wbr>", "")  # ... but every character is there, in order
    pdf = PdfReader(io.BytesIO(html_to_pdf(html, title="t", lang="en")))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert LINK in re.sub(r"[\u200b\s]", "", text)
