import json

import pytest
import vobject

from vinculo.cli import main


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


def test_export_vcard_to_standard_output(user, network, capsys):
    status = main(["export", "--format", "vcard"])
    out = capsys.readouterr()
    assert (status, out.err) == (0, "")
    cards = list(vobject.readComponents(out.out))
    assert sorted(c.fn.value for c in cards) == ["Ana", "Luis Pérez", "María José Núñez"]
    assert {c.version.value for c in cards} == {"4.0"}


def test_export_vcard_3_to_a_file(user, network, capsys, tmp_path):
    path = tmp_path / "red.vcf"
    status = main(["export", "--format", "vcard", "--vcard-version", "3.0", "-o", str(path)])
    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, f"3 contacts exported to {path}.\n", "")
    cards = list(vobject.readComponents(path.read_text()))
    assert {c.version.value for c in cards} == {"3.0"}
    assert len(cards) == 3


def test_export_csv_to_a_file_as_json(user, network, capsys, tmp_path):
    path = tmp_path / "red.csv"
    status = main(["export", "--format", "csv", "-o", str(path), "--json"])
    out = capsys.readouterr()
    assert (status, json.loads(out.out), out.err) == (0, {"file": str(path), "contacts": 3}, "")
    assert path.read_bytes().startswith("\ufeffFirst Name,Middle Name,".encode())


def test_export_csv_to_standard_output_has_no_byte_order_mark(user, network, capsys):
    status = main(["export", "--format", "csv"])
    out = capsys.readouterr()
    assert status == 0
    assert out.out.startswith("First Name,Middle Name,Last Name,")
    assert out.out.count("\r\n") == 4  # the header and three rows; line breaks in cells are \n


def test_export_unknown_vcard_version_is_a_usage_error(user, capsys):
    status = main(["export", "--format", "vcard", "--vcard-version", "2.1"])
    out = capsys.readouterr()
    assert status == 2
    assert "invalid choice: '2.1'" in out.err
