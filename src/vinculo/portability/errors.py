"""Errors of the import and export of files, each saying what is wrong and where."""


class ExchangeError(Exception):
    """A file that cannot be read at all: ``where`` names the file (and the place in it),
    ``why`` says what is wrong."""

    def __init__(self, where: str, why: str):
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "why": self.why}
