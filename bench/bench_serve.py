"""Benchmark: `m2w serve` (issue 13).

Three measurements against a real server process on loopback, with the shipped content:

1. start: from starting `m2w serve FOLDER` to the first page (home, listing the demo file) served,
   a fresh process each run; target < 1 s.
2. one answer: a browser (Debian's chromium through Playwright) on a questionnaire page;
   (a) the page's own save request (`fetch` POST of one field) timed inside the page, and
   (b) the whole path a user sees: a click on an answer until the page says "saved" and holds
   nothing unconfirmed, timed inside the page; target p95 < 50 ms.
3. load: 30 respondents join a team session and each gives 142 answers (every statement of the
   content, then importances up to 142), all at the same time and without pauses (every
   respondent sends the next answer as soon as the last one is confirmed); every request's time
   is kept; afterwards every file is read back and every answer compared; target p95 < 100 ms
   and no answer missing.

    python3 bench/bench_serve.py [--starts 7] [--saves 200] [--respondents 30] [--answers 142] [--skip-browser]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from m2w_tool.answers import load_answers  # noqa: E402
from m2w_tool.content import load_content  # noqa: E402
from m2w_tool.web.config import Secrets  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path, port: int, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "m2w_tool", "serve", str(folder), "--port", str(port), "--no-browser", *extra]
    env = {**os.environ, "M2W_LANG": "en"}
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values_ms: list[float]) -> str:
    return (
        f"n={len(values_ms)}  median {statistics.median(values_ms):.1f} ms  p95 {percentile(values_ms, 95):.1f} ms"
        f"  max {max(values_ms):.1f} ms"
    )


# --- 1. start to first page ------------------------------------------------------------------------


def bench_start(runs: int) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    for _ in range(runs + 1):  # the first run warms the disk cache and Jinja's bytecode cache
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(ROOT / "examples" / "demo.yaml", Path(tmp) / "demo.yaml")
            port = free_port()
            began = time.perf_counter()
            process = start_server(Path(tmp), port)
            try:
                while True:
                    try:
                        status, body, _ = get(port, "/")
                        if status == 200 and b"demo.yaml" in body:
                            break
                    except OSError:
                        time.sleep(0.005)
                times.append(time.perf_counter() - began)
                cpu.append(cpu_seconds(process.pid))
            finally:
                stop(process)
    return times[1:], cpu[1:]


# --- 2. one answer, in a browser -------------------------------------------------------------------

FETCH_LOOP = """async ([n]) => {
  const form = document.querySelector('form[data-autosave]');
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const times = [];
  for (let i = 0; i < n; i++) {
    const body = new URLSearchParams({name: 'q.d03-q1.value', value: String(1 + i % 5)});
    const t0 = performance.now();
    const r = await fetch(form.dataset.autosave, {method: 'POST', body,
      headers: {'X-CSRF-Token': token, 'Accept': 'application/json'}, credentials: 'same-origin'});
    await r.json();
    if (!r.ok) throw new Error('save refused: ' + r.status);
    times.push(performance.now() - t0);
  }
  return times;
}"""

CLICK_LOOP = """async ([n]) => {
  const form = document.querySelector('form[data-autosave]');
  const key = 'm2w:pending:' + form.dataset.autosave;
  const status = document.getElementById('save-status');
  const labels = [...document.querySelectorAll('#q-d03-q2 > .choices label.choice')].slice(0, 2);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const done = new Promise(resolve => {
      const watch = new MutationObserver(() => {
        if (status.dataset.state === 'saved' && localStorage.getItem(key) === null) { watch.disconnect(); resolve(); }
      });
      watch.observe(status, {attributes: true, childList: true, characterData: true, subtree: true});
    });
    labels[i % 2].click();
    await done;
    times.push(performance.now() - t0);
  }
  return times;
}"""


def bench_browser(saves: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    from m2w_tool.answering import NewAssessment, start_assessment

    with tempfile.TemporaryDirectory() as tmp:
        path = start_assessment(Path(tmp), load_content(), NewAssessment("Bench", respondent="Browser"))
        port = free_port()
        process = start_server(Path(tmp), port)
        try:
            wait_up(port)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/a/{path.name}/d03?lang=en")
                page.evaluate(FETCH_LOOP, [10])  # warm-up
                fetches = page.evaluate(FETCH_LOOP, [saves])
                clicks = page.evaluate(CLICK_LOOP, [max(20, saves // 4)])
                browser.close()
        finally:
            stop(process)
    return fetches, clicks


def wait_up(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if get(port, "/static/m2w.css")[0] == 200:
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("m2w serve did not start")


# --- 3. thirty respondents at once -----------------------------------------------------------------


class Respondent:
    """One team member on their own keep-alive connection: join, then answer every statement."""

    def __init__(self, port: int, token: str, name: str, fields: list[tuple[str, tuple[int, ...]]]) -> None:
        self.port, self.token, self.name, self.fields = port, token, name, fields
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.times: list[float] = []
        self.sent: dict[str, int] = {}
        self.file = ""
        self.errors: list[str] = []

    def _request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=head)
        response = self.conn.getresponse()
        payload = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, payload, dict(response.getheaders())

    def join(self) -> None:
        self._request("GET", f"/t/{self.token}")
        status, page, _ = self._request("GET", "/join")
        self.csrf = page.decode().split('name="csrf-token" content="')[1].split('"')[0]
        status, _, headers = self._request("POST", "/join", {"csrf": self.csrf, "name": self.name})
        self.file = headers["location"].split("/")[2]

    async def answer_all(self, go: asyncio.Event) -> None:
        """Every statement, one after the other, each as soon as the last one is confirmed. Plain
        asyncio on one keep-alive connection: 30 of these in one thread cost the machine less than
        30 client threads would, so the times are the server's (a phone is its own device)."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        await go.wait()
        for i, (field, values) in enumerate(self.fields):
            value = values[(i + len(self.name)) % len(values)]
            body = urllib.parse.urlencode({"name": field, "value": str(value)}).encode()
            head = (
                f"POST /a/{self.file}/save HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nCookie: {cookie}\r\n"
                f"X-CSRF-Token: {self.csrf}\r\nAccept: application/json\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            began = time.perf_counter()
            writer.write(head.encode() + body)
            status, payload = await read_response(reader)
            self.times.append((time.perf_counter() - began) * 1000)
            if status == 200 and json.loads(payload)["ok"]:
                self.sent[field] = value
            else:
                self.errors.append(f"{field}: {status} {payload[:120]!r}")
        writer.close()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def answer_together(people: list[Respondent]) -> float:
    go = asyncio.Event()
    tasks = [asyncio.create_task(p.answer_all(go)) for p in people]
    await asyncio.sleep(0.2)  # every connection open
    began = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return time.perf_counter() - began


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def answer_fields(content, count: int) -> list[tuple[str, tuple[int, ...]]]:
    """What a respondent answers: every statement, then each dimension's importance, `count` in all
    (the issue's 142 statements were content 2026.1; 2026.2 has 125, so 17 importances follow)."""
    fields = [(f"q.{q.id}.value", content.scales[q.scale].values) for d in content.dimensions for q in d.questions]
    fields += [(f"d.{d.id}.importance", (1, 2, 3, 4, 5)) for d in content.dimensions]
    return fields[:count]


def stored(answers, field: str):
    kind, key, part = field.split(".")
    if kind == "q":
        return answers.answers[key].value if key in answers.answers else None
    return answers.dimensions[key].importance if key in answers.dimensions else None


def bench_load(respondents: int, count: int) -> tuple[list[float], int, int, float, list[str], float, float]:
    content = load_content()
    questions = answer_fields(content, count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        secrets = Secrets.load_or_create(folder)
        port = free_port()
        process = start_server(folder, port, "--team")
        try:
            wait_up(port)
            lead = Respondent(port, secrets.lead_token, "lead", [])
            lead._request("GET", f"/t/{secrets.lead_token}")
            _, page, _ = lead._request("GET", "/team")
            csrf = page.decode().split('name="csrf-token" content="')[1].split('"')[0]
            lead._request("POST", "/team/settings", {"csrf": csrf, "initiative": "Bench", "module": "all"})
            people = [
                Respondent(port, secrets.team_token, f"Respondent {i:02d}", questions) for i in range(respondents)
            ]
            for person in people:
                person.join()
            server_cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
            elapsed = asyncio.run(answer_together(people))
            server_cpu = cpu_seconds(process.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
        finally:
            stop(process)
        missing = 0
        for person in people:
            answers = load_answers(folder / person.file)
            for field, value in person.sent.items():
                missing += stored(answers, field) != value
        times = [t for p in people for t in p.times]
        errors = [e for p in people for e in p.errors]
        return times, sum(len(p.sent) for p in people), missing, elapsed, errors, server_cpu, client_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--respondents", type=int, default=30)
    parser.add_argument("--answers", type=int, default=142, help="answers per respondent")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()}")

    starts, cpu = bench_start(args.starts)
    print(f"1. start to first page: median {statistics.median(starts):.3f} s, runs "
          f"{', '.join(f'{t:.3f}' for t in starts)} (target < 1 s); CPU used by then: median "
          f"{statistics.median(cpu):.2f} s")  # fmt: skip
    if not args.skip_browser:
        fetches, clicks = bench_browser(args.saves)
        print(f"2a. one answer, the page's save request: {summary(fetches)} (target p95 < 50 ms)")
        print(f"2b. one answer, click until 'saved': {summary(clicks)} (target p95 < 50 ms)")
    times, saved, missing, elapsed, errors, server_cpu, client_cpu = bench_load(args.respondents, args.answers)
    print(f"3. {args.respondents} respondents x {args.answers} answers at once: {summary(times)} "
          f"(target p95 < 100 ms); "
          f"{saved} answers confirmed in {elapsed:.1f} s ({saved / elapsed:.0f}/s), {missing} missing from the files, "
          f"{len(errors)} refused; CPU per answer: server {1000 * server_cpu / saved:.2f} ms, "
          f"the simulated phones {1000 * client_cpu / saved:.2f} ms")  # fmt: skip
    for error in errors[:5]:
        print("   ", error)
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
