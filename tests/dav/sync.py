"""A real CardDAV client: vdirsyncer, run as a command against the live server, syncing the
user's address book with a folder of .vcf files."""

import os
import subprocess
import sys
from pathlib import Path

VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")


class Client:
    def __init__(
        self,
        tmp_path: Path,
        url: str,
        username: str,
        password: str,
        *,
        wins: str = "a wins",
        collections: str = "null",
    ):
        self.folder = tmp_path / "phone"
        self.folder.mkdir()
        self.status = tmp_path / "status"
        self.config = tmp_path / "config"
        self.config.write_text(
            f"""[general]
status_path = "{self.status}/"

[pair phone]
a = "phone_local"
b = "phone_server"
collections = {collections}
conflict_resolution = "{wins}"

[storage phone_local]
type = "filesystem"
path = "{self.folder}/"
fileext = ".vcf"

[storage phone_server]
type = "carddav"
url = "{url}"
username = "{username}"
password = "{password}"
""",
            encoding="utf-8",
        )

    def run(self, *args: str, answer: str = "") -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run(
            [str(VDIRSYNCER), "-c", str(self.config), *args],
            input=answer,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    def sync(self) -> None:
        result = self.run("sync")
        assert result.returncode == 0, result.stdout + result.stderr

    def discover(self) -> None:
        result = self.run("discover", answer="y\n")  # create the local folders
        assert result.returncode == 0, result.stdout + result.stderr

    def cards(self) -> dict[str, str]:
        found = sorted(self.folder.rglob("*.vcf"))
        return {str(p.relative_to(self.folder)): p.read_text(encoding="utf-8") for p in found}
