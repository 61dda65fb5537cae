"""What every reader of an address book gives back: one ``Entry`` per contact, as the file
wrote it, and the problems it found, each with the line and the field."""

from dataclasses import dataclass, field


@dataclass
class Problem:
    """Something wrong at ``line`` (the first line of the card or row when ``field`` is "")."""

    line: int
    field: str
    why: str


@dataclass
class Entry:
    line: int  # where the card or row starts in the file (1-based)
    name: str = ""
    uid: str = ""
    organization: str = ""
    title: str = ""
    does: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    city: str = ""
    country: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    strength: float | None = None
    # Everything else the file said, by a readable key; kept in the contact's ``extra``.
    extra: dict = field(default_factory=dict)
    # Keys of the exchange format the file gave itself (a file Vínculo exported: offers,
    # needs, strength …); they win over what was read from the standard fields.
    fields: dict = field(default_factory=dict)
    # Where each e-mail came from, for errors: (line, field name).
    email_fields: list[tuple[int, str]] = field(default_factory=list)

    def keep(self, key: str, value) -> None:
        """Keep ``value`` under ``key`` in ``extra`` (a list when the key repeats)."""
        if value in (None, "", [], {}):
            return
        if key in self.extra and isinstance(value, dict) and isinstance(self.extra[key], dict):
            self.extra[key].update({k: v for k, v in value.items() if k})
        elif key in self.extra:
            if not isinstance(self.extra[key], list) or not isinstance(value, list):
                old = self.extra[key]
                self.extra[key] = [*(old if isinstance(old, list) else [old]), value]
            else:
                self.extra[key].extend(value)
        else:
            self.extra[key] = value

    def email_add(self, value: str, *, line: int, field_name: str) -> None:
        value = value.strip()
        if value and value not in self.emails:
            self.emails.append(value)
            self.email_fields.append((line, field_name))

    def phone_add(self, value: str) -> None:
        value = value.strip()
        if value and value not in self.phones:
            self.phones.append(value)

    def url_add(self, value: str) -> None:
        value = value.strip()
        if value and value not in self.urls:
            self.urls.append(value)

    def tag_add(self, value: str) -> None:
        value = " ".join(value.split())
        if value and value not in self.tags:
            self.tags.append(value)


@dataclass
class Parsed:
    """A whole file read: its entries, the rows or cards that could not be read, and notes."""

    kind: str
    encoding: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # each skips its row or card
    warnings: list[Problem] = field(default_factory=list)  # nothing lost, but worth saying
    total: int = 0  # rows or cards found, read or not
    fatal: str = ""  # the file as a whole cannot be read: why
