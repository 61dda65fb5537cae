"""Every string of the interface is translated into Spanish, and the catalogue is current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

import vinculo

SOURCE = Path(vinculo.__file__).parent
CATALOGUE = SOURCE / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_spanish_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_spanish_catalogue_keeps_placeholders():
    po = polib.pofile(str(CATALOGUE))
    broken = []
    for entry in po.translated_entries():
        for name in ("%(name)s", "%(value)s", "%(counter)s", "%(id)s", "%(line)d"):
            if name in entry.msgid and entry.msgstr and name not in entry.msgstr:
                broken.append(entry.msgid)
    assert broken == []


def test_catalogue_holds_every_string_in_the_code(tmp_path):
    """makemessages over a copy of the code finds no string the catalogue lacks."""
    copy = tmp_path / "vinculo"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "vinculo.settings",
            "PATH": "/usr/bin:/bin",
            "VINCULO_HOME": str(tmp_path / "home"),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert sorted(fresh - committed) == []
