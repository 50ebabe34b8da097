"""The PDF worker (m2w_tool.pdfworker): a forked process that gets WeasyPrint ready while m2w builds the
report, then renders it. The PDF it writes is the report's; its failures reach the user with the same
message as without it; it never outlives the command (no zombie, Ctrl-C ends both); and WeasyPrint is
imported without ctypes' library search (ldconfig, gcc and ld, a quarter of a second)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest

from m2w_tool import pdfworker
from m2w_tool.errors import RenderError
from m2w_tool.resources import examples_dir

REPO = Path(__file__).resolve().parent.parent
DEMO = examples_dir() / "demo.yaml"


def _gone(pid: int) -> bool:
    """Whether `pid` is no longer a child of this process (reaped, not a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _raise_render_error(name: str) -> None:
    raise RenderError(f"The PDF could not be made: {name} is broken")


def _raise_os_error(path: str) -> None:
    raise OSError(28, "No space left on device", path)


def _double(x: int) -> int:
    return 2 * x


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(pdfworker.WORKER_VAR, raising=False)
    started = pdfworker.prestart()
    if started is None:
        pytest.skip("no fork here (other threads running)")
    yield started
    if started in pdfworker._STARTED:
        pdfworker._STARTED.remove(started)
    started.close()


def test_a_call_runs_in_the_worker_and_the_worker_is_reaped(worker) -> None:
    pid = worker.pid
    assert pdfworker.take() is worker
    assert worker.call(_double, 21) == 42
    assert _gone(pid)
    assert pdfworker.take() is None  # used once


def test_an_error_in_the_worker_is_raised_again_with_its_message(worker) -> None:
    assert pdfworker.take() is worker
    with pytest.raises(RenderError, match="report.html is broken"):
        worker.call(_raise_render_error, "report.html")


def test_an_os_error_in_the_worker_keeps_its_file_name(worker) -> None:
    pdfworker.take()
    with pytest.raises(OSError) as caught:
        worker.call(_raise_os_error, "/out/report.pdf")
    assert (caught.value.errno, caught.value.filename) == (28, "/out/report.pdf")


def test_a_worker_that_dies_is_a_clear_render_error(worker) -> None:
    pdfworker.take()
    os.kill(worker.pid, signal.SIGKILL)
    with pytest.raises(RenderError, match=r"could not be made: the PDF process stopped \(signal 9\)"):
        worker.call(_double, 1)


def test_an_unused_worker_is_ended_and_reaped(worker) -> None:
    pid = worker.pid
    pdfworker.discard()
    assert _gone(pid)
    assert pdfworker.take() is None


def test_only_the_process_that_started_it_uses_the_worker(worker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "owner", -1)  # as in a batch's pool process, forked after it
    assert pdfworker.take() is None


def test_a_thread_does_not_take_the_worker(worker) -> None:
    taken = []
    other = threading.Thread(target=lambda: taken.append(pdfworker.take()))
    other.start()
    other.join()
    assert taken == [None] and pdfworker.take() is worker


def test_no_worker_when_other_threads_run_or_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdfworker.WORKER_VAR, "0")
    assert pdfworker.prestart() is None
    monkeypatch.delenv(pdfworker.WORKER_VAR)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert pdfworker.prestart() is None  # a fork would copy this thread only, with other locks held
    finally:
        stop.set()
        other.join()


def _m2w(*args: object, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "m2w_tool", *map(str, args)], capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "M2W_LANG": "en", **(env or {})}, timeout=120, **kwargs,
    )  # fmt: skip


def test_the_report_made_by_the_worker_is_the_tagged_report(tmp_path: Path) -> None:
    ran = _m2w("demo", "--format", "pdf", "-o", tmp_path / "w", "--date", "2026-11-24")
    assert ran.returncode == 0, ran.stderr
    here = _m2w("demo", "--format", "pdf", "-o", tmp_path / "h", "--date", "2026-11-24", env={"M2W_PDF_WORKER": "0"})
    assert here.returncode == 0, here.stderr
    [made] = (tmp_path / "w").glob("*.pdf")
    [alone] = (tmp_path / "h").glob("*.pdf")
    pdf, reference = pypdf.PdfReader(made), pypdf.PdfReader(alone)
    assert [p.extract_text() for p in pdf.pages] == [p.extract_text() for p in reference.pages]
    assert "/StructTreeRoot" in pdf.trailer["/Root"] and pdf.trailer["/Root"]["/Lang"] == "en"
    assert "demo.yaml" in pdf.attachments


def test_a_pdf_that_cannot_be_written_is_the_same_message_with_or_without_the_worker(tmp_path: Path) -> None:
    messages = []
    for setting in ("1", "0"):
        out = tmp_path / setting
        (out / "report-brugwerk-gent.pdf").mkdir(parents=True)  # a folder where the PDF should go
        ran = _m2w("report", DEMO, "--format", "pdf", "-o", out, env={"M2W_PDF_WORKER": setting})
        assert ran.returncode == 1, ran.stderr
        assert "Traceback" not in ran.stderr
        messages.append(ran.stderr.replace(str(out), "OUT"))
    assert messages[0] == messages[1]
    assert "Cannot write OUT/report-brugwerk-gent.pdf" in messages[0]


def test_ctrl_c_ends_the_command_and_its_worker(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "m2w_tool", "demo", "--format", "pdf", "-o", str(tmp_path)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "M2W_LANG": "en"},
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _children(proc.pid) and time.monotonic() < deadline:  # the worker has started
        time.sleep(0.02)
    assert _children(proc.pid), "no worker started"
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the whole group
    _out, err = proc.communicate(timeout=30)
    # 130 from m2w; now and then Python itself ends by the signal after m2w's message (so it does with
    # M2W_PDF_WORKER=0: an interrupt caught inside an import it was running)
    assert proc.returncode in (130, -signal.SIGINT), err
    assert "Interrupted" in err and "Traceback" not in err
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the group is left
    assert not list(tmp_path.glob("*.pdf"))


def _children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def test_weasyprint_is_imported_without_searching_for_libraries() -> None:
    probe = (
        "import subprocess, ctypes.util\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    started.append(args)\n"
        "    return real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "search = ctypes.util.find_library\n"
        "from m2w_tool.render import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "assert weasyprint.HTML, 'imported'\n"
        "assert ctypes.util.find_library is search, 'restored'\n"
        "print(started)\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"


def test_the_pdf_streams_are_compressed_at_zlib_level_6() -> None:
    import io
    import zlib

    from m2w_tool.render import ZLIB_LEVEL, html_to_pdf

    data = html_to_pdf("<p>" + "Een zin die terugkomt. " * 200 + "</p>", title="t", lang="nl", tagged=True)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    raw = page["/Contents"].get_object()._data  # the stream as stored, still compressed
    text = zlib.decompress(raw)
    again = zlib.compressobj(ZLIB_LEVEL)
    assert ZLIB_LEVEL == 6 and raw == again.compress(text) + again.flush()
    nine = zlib.compressobj(9)
    assert raw != nine.compress(text) + nine.flush()  # pydyf's own choice would have given these bytes
