"""What a running `m2w serve` knows: its folder, content, address, secrets and limits."""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

from m2w_tool.atomic import write_atomic
from m2w_tool.content import Content

STATE_FILE = ".m2w-serve.json"  # hidden in FOLDER, readable by its owner only
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_UPLOAD = 20 * 1024 * 1024  # a filled full workbook is a few MB
MAX_FORM = 1024 * 1024  # one questionnaire page with every note filled in stays far below


@dataclass
class Secrets:
    """Kept in FOLDER so a restarted server (after a crash, say) keeps the phones of a team
    session working and the pages already open able to save."""

    key: bytes  # signs the forms' CSRF tokens and the team members' cookies
    team_token: str  # in the team link and its QR code
    lead_token: str  # the facilitator's link: the whole folder, the group view

    @classmethod
    def load_or_create(cls, folder: Path, renew: bool = False) -> Secrets:
        path = Path(folder) / STATE_FILE
        if not renew:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                return cls(bytes.fromhex(data["key"]), str(data["team_token"]), str(data["lead_token"]))
            except (OSError, ValueError, KeyError, TypeError):
                pass  # missing or damaged: make new ones
        made = cls(secrets.token_bytes(32), secrets.token_urlsafe(24), secrets.token_urlsafe(24))
        made.save(path)
        return made

    def save(self, path: Path) -> None:
        data = {"key": self.key.hex(), "team_token": self.team_token, "lead_token": self.lead_token}
        write_atomic(path, json.dumps(data, indent=1))
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass


def lan_addresses() -> list[str]:
    """This machine's addresses on the local network (no loopback), best guess first."""
    found: list[str] = []
    try:  # the address the system would use to reach the network (no packet is sent)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    unique = []
    for address in found:
        if address not in unique and not address.startswith("127."):
            unique.append(address)
    return unique


@dataclass
class ServeConfig:
    """Everything the web app needs to start; `hosts` are the names the Host header may carry."""

    folder: Path
    content: Content
    secrets: Secrets
    lang: str = "nl"
    team: bool = False
    bind: str = "127.0.0.1"
    port: int = 8765
    hosts: set[str] = field(default_factory=set)
    max_upload: int = MAX_UPLOAD

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).resolve()
        self.hosts = {h.lower() for h in self.hosts} | set(LOOPBACK)
        if self.bind not in ("0.0.0.0", "::", ""):
            self.hosts.add(self.bind.lower())
        if self.team:
            self.hosts.update(lan_addresses())
            name = socket.gethostname().lower()
            self.hosts.update({name, f"{name}.local"})

    @property
    def content_path(self) -> str:
        """Where the content was read, for the worker processes that make PDFs."""
        return str(self.content.root)

    @property
    def public_host(self) -> str:
        """The address team members' phones use; the machine itself for a local session."""
        if self.team:
            if self.bind not in ("0.0.0.0", "::", ""):
                return self.bind
            addresses = lan_addresses()
            return addresses[0] if addresses else "127.0.0.1"
        return "127.0.0.1" if self.bind in ("0.0.0.0", "::", "") else self.bind

    def url(self, path: str = "/", host: str | None = None) -> str:
        host = host or self.public_host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{path}"

    @property
    def team_url(self) -> str:
        return self.url(f"/t/{self.secrets.team_token}")

    @property
    def lead_url(self) -> str:
        return self.url(f"/t/{self.secrets.lead_token}", host="127.0.0.1")
