import pytest

from .places import PASSWORD, Place, place_copy


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite installation with every migration applied and the account "ana": each test
    copies it instead of migrating from scratch."""
    template = Place(tmp_path_factory.mktemp("faults") / "template")
    status, out, err = template.run("user", "create", "ana", "--password-stdin", stdin=PASSWORD)
    assert (status, err) == (0, ""), out
    return template


@pytest.fixture
def sqlite_place(tmp_path, sqlite_template):
    return place_copy(sqlite_template, tmp_path / "home")
