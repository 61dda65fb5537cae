"""Files written whole or not at all."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _


@contextmanager
def replaced_whole(path: str | Path, *, error: type[Exception]) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; when the block ends without an error it
    is flushed to the disk and renamed over ``path``, otherwise it is removed and ``path``
    is left as it was. An ``OSError`` (no folder, no permission, a full disk) is raised as
    ``error`` with a message that names the file."""

    def failed(exc: OSError) -> Exception:
        return error(
            _("%(file)s: cannot write it (%(reason)s)")
            % {"file": path, "reason": exc.strerror or exc}
        )

    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise failed(exc) from None
    os.close(descriptor)
    try:
        yield Path(temporary)
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise failed(exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
