from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files once collected (`vinculo serve` does it); before that (tests,
    a fresh checkout) the plain names, which WhiteNoise serves from the apps' folders.

    `vinculo serve` collects at every start: a file whose compressed copy is already newer
    than it is not compressed again (Brotli at its best quality takes seconds a file)."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name

    def compress_files(self, paths):
        hashed = set(self.hashed_files.values())
        yield from super().compress_files([p for p in paths if not self._compressed(p, hashed)])

    def _compressed(self, name: str, hashed: set[str]) -> bool:
        """A hashed name is its content: any compressed copy of it is current (JavaScript
        and CSS are written again at every collect, the same bytes). A plain name is
        current when its compressed copy is newer than it."""
        source = Path(self.path(name))
        try:
            changed = source.stat().st_mtime
        except OSError:
            return False
        for suffix in (".gz", ".br"):
            copy = source.with_name(source.name + suffix)
            if copy.exists() and (name in hashed or copy.stat().st_mtime >= changed):
                return True
        return False
