"""Real installations of Vínculo for tests that run the installed command: a VINCULO_HOME
each and, when the suite runs on PostgreSQL, a database each on the same server."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

COMMAND = Path(sys.executable).with_name("vinculo")
SERVER = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER.startswith("postgres")


class Installation:
    """One installation of Vínculo: its own home folder and database."""

    def __init__(self, tmp_path: Path, name: str, template: "Installation | None" = None):
        self.home = tmp_path / name
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "VINCULO_SKIP_MIGRATE")
        }
        self.env.update(VINCULO_HOME=str(self.home), VINCULO_LANGUAGE="en")
        self.database = None
        if ON_POSTGRES:
            self.database = f"vinculo_backup_{name}_{uuid.uuid4().hex[:8]}"
            like = f' TEMPLATE "{template.database}"' if template else ""
            with psycopg.connect(SERVER, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{self.database}"{like}')
            self.env["DATABASE_URL"] = SERVER.rsplit("/", 1)[0] + "/" + self.database
        elif template:
            self.home.mkdir()
            shutil.copyfile(template.home / "vinculo.sqlite3", self.home / "vinculo.sqlite3")

    def run(self, *args, stdin=None):
        done = subprocess.run(
            [str(COMMAND), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    def export(self) -> str:
        status, out, err = self.run("export", "--user", "ana", "--format", "json")
        assert (status, err) == (0, "")
        return out

    def drop(self):
        if self.database:
            with psycopg.connect(SERVER, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """An empty installation with every migration applied, copied by the others: each
    starts in a second instead of migrating from scratch. One per test process: the tests
    only copy it (a migration from scratch took 10 to 20 s, once per module before)."""
    template = Installation(tmp_path_factory.mktemp("template"), "template")
    assert template.run("manage", "migrate", "--verbosity", "0")[0] == 0
    yield template
    template.drop()


@pytest.fixture
def installations(tmp_path, migrated):
    made = []

    def make(name):
        made.append(Installation(tmp_path, name, template=migrated))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()
