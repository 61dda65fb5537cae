from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files once collected (`vinculo serve` does it); before that (tests,
    a fresh checkout) the plain names, which WhiteNoise serves from the apps' folders."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
