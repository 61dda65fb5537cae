from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files once collected (`vinculo serve` does it); before that (tests,
    a fresh checkout) the plain names, which WhiteNoise serves from the apps' folders.

    `vinculo serve` collects at every start. Only the hashed names are compressed, the
    names every page links to (``{% static %}``); a plain name is still served, as it is.
    A hashed name is its content, so a compressed copy made at an earlier start is current
    and is not made again (Brotli at its best quality takes seconds a file)."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name

    def compress_files(self, paths):
        hashed = set(self.hashed_files.values())
        yield from super().compress_files(
            [name for name in paths if name in hashed and not self._compressed(name)]
        )

    def _compressed(self, name: str) -> bool:
        return any(self.exists(f"{name}{suffix}") for suffix in (".gz", ".br"))
