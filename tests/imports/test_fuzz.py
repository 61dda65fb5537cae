"""Every importer fuzzed: real files from other software, mutated (bytes flipped, cut short,
lines lost or doubled, junk inserted), and exchange documents with values of every JSON
type where a value belongs. Whatever comes in, the import returns a report (no crash, no
hang), and an import that fails leaves the account exactly as it was.

The number of examples fits the test command; run it larger by hand with
``VINCULO_FUZZ_EXAMPLES=2000 pytest tests/imports/test_fuzz.py``.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vinculo.portability.exchange import network_export
from vinculo.portability.importers.services import file_import

CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "contacts"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/contacts")
RICH = Path(__file__).parents[1] / "portability" / "data" / "rich.json"
EXAMPLES = int(os.environ.get("VINCULO_FUZZ_EXAMPLES", "40"))

FILES = sorted((CORPUS / "vcard").glob("*.vcf")) + sorted((CORPUS / "csv").glob("*.csv"))
ORIGINALS = [(path.name, path.read_bytes()) for path in FILES] + [(RICH.name, RICH.read_bytes())]

FUZZ = settings(
    max_examples=EXAMPLES,
    # A hang guard, not a speed goal: one import of a small file never takes this long.
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure can be reproduced
    database=None,
)


def _fingerprint(user) -> str:
    """Everything the account holds, as its export: equal strings, equal accounts."""
    return json.dumps(network_export(user=user), sort_keys=True, ensure_ascii=False)


def _mutate(data: bytes, operations) -> bytes:
    data = bytearray(data)
    for operation, at, payload in operations:
        where = at % (len(data) + 1)
        if operation == "flip" and data:
            data[where % len(data)] ^= payload[0] if payload else 0xFF
        elif operation == "cut":
            del data[where:]
        elif operation == "insert":
            data[where:where] = payload
        elif operation == "double":
            data[where:where] = data[where : where + 300]
        elif operation == "drop-line":
            start = data.rfind(b"\n", 0, where) + 1
            end = data.find(b"\n", where)
            del data[start : (end + 1 if end >= 0 else len(data))]
    return bytes(data)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "cut", "insert", "double", "drop-line"]),
        st.integers(min_value=0, max_value=200_000),
        st.one_of(
            st.binary(min_size=1, max_size=40),
            st.sampled_from(
                [
                    b"\r\n",
                    b"END:VCARD\r\n",
                    b"BEGIN:VCARD\r\n",
                    b"\xff\xfe",
                    b"\xc3",
                    b'"',
                    b",,,,",
                    b"=\r\n",
                    b";CHARSET=ISO-8859-1:",
                    b"\x00",
                    b"{",
                    b"]",
                ]
            ),
        ),
    ),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(original=st.sampled_from(ORIGINALS), operations=OPERATIONS, strict=st.booleans())
def test_mutated_real_files_import_or_fail_cleanly(user, original, operations, strict):
    name, data = original
    before = _fingerprint(user)

    result = file_import(user=user, data=_mutate(data, operations), source_name=name, strict=strict)

    report = result.report
    for problem in report.errors:
        assert problem["where"].startswith(name), problem
        assert problem["why"].strip(), problem
    if report.rejected or (strict and report.errors):
        assert _fingerprint(user) == before


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
RICH_DOCUMENT = json.loads(RICH.read_text(encoding="utf-8"))


def _paths(value, prefix=()):
    """Every place in the document where a value sits."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


PATHS = [path for path in _paths(RICH_DOCUMENT) if path]


def _replaced(document, path, value):
    document = json.loads(json.dumps(document))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@FUZZ
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES), min_size=1, max_size=3),
    strict=st.booleans(),
)
def test_exchange_documents_with_any_value_anywhere(user, changes, strict):
    document = RICH_DOCUMENT
    for path, value in changes:
        try:
            document = _replaced(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place: nothing to put there
    before = _fingerprint(user)

    result = file_import(
        user=user,
        data=json.dumps(document).encode(),
        source_name="red.json",
        strict=strict,
    )

    report = result.report
    for problem in report.errors:
        assert problem["where"].startswith("red.json"), problem
    if report.rejected or (strict and report.errors):
        assert _fingerprint(user) == before


@pytest.mark.parametrize("data", [b"", b"\x00" * 100, b"\xef\xbb\xbf", b"BEGIN:VCARD", b"{"])
def test_degenerate_files_are_rejected_with_a_message(user, data):
    before = _fingerprint(user)

    report = file_import(user=user, data=data, source_name="raro.vcf").report

    assert report.errors
    assert report.created == 0
    assert _fingerprint(user) == before
