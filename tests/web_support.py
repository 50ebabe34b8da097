"""Helpers for the web tests: an app on a test folder (in process, for Starlette's test client) and
a real `m2w serve` process on a free loopback port (for the browser tests), always stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from m2w_tool.content import load_content
from m2w_tool.web.app import create_app
from m2w_tool.web.config import Secrets, ServeConfig

MINI_DIR = Path(__file__).parent / "data" / "mini"
MINI = load_content(MINI_DIR)
REPO = Path(__file__).resolve().parent.parent


def make_config(folder: Path, *, team: bool = False, port: int = 8765, max_upload: int | None = None) -> ServeConfig:
    config = ServeConfig(
        folder=folder, content=MINI, secrets=Secrets.load_or_create(folder), lang="en", team=team, port=port,
    )  # fmt: skip
    if max_upload is not None:
        config.max_upload = max_upload
    return config


def client_for(config: ServeConfig, host: str = "127.0.0.1") -> TestClient:
    return TestClient(create_app(config), base_url=f"http://{host}:{config.port}", follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`m2w serve FOLDER` in its own process on a free loopback port."""

    def __init__(self, folder: Path, *extra: str, port: int | None = None) -> None:
        self.folder = folder
        self.extra = extra
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.output = b""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = {**os.environ, "M2W_LANG": "en", "PYTHONUNBUFFERED": "1"}
        args = [sys.executable, "-m", "m2w_tool", "serve", str(self.folder), "--port", str(self.port), "--no-browser",
                "--content", str(MINI_DIR), *self.extra]  # fmt: skip
        self.process = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"m2w serve ended: {self.process.stdout.read().decode()}")
            try:
                with urllib.request.urlopen(self.url + "/static/m2w.css", timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("m2w serve did not start within 20 s")

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process.stdout.close()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.output = self.process.stdout.read()
        self.process.stdout.close()
        self.process = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
