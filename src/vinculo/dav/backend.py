"""Radicale plugins: the address books live in Vínculo's database, and the login is
Vínculo's (checked by ``views.dav`` before Radicale sees the request).

Radicale loads ``Auth`` and ``Storage`` from this module (``[auth] type`` and
``[storage] type`` name it). The collections are fixed: the root, one principal per user
(``/<username>/``) and one address book (``/<username>/contacts/``) whose items are the
user's contacts. Only the logged-in user's own collections exist for a request.
"""

import contextlib
import secrets
import threading
import warnings
from email.utils import format_datetime

from django.utils import timezone
from django.utils.translation import gettext as _

with warnings.catch_warnings():
    # Radicale 3.9 names importlib.abc.Traversable, deprecated since Python 3.12.
    warnings.filterwarnings("ignore", "'importlib.abc.Traversable'", DeprecationWarning)
    from radicale import Application, auth, config, pathutils, storage
    from radicale import item as radicale_item

from vinculo.people.models import Contact

from . import selectors, services

BOOK = "contacts"
USER_KEY = "vinculo.dav.user"
PROOF_KEY = "vinculo.dav.proof"
# Only ``views.dav`` knows it: a login Radicale accepts comes from a request the view
# authenticated.
PROOF = secrets.token_hex(32)
_request = threading.local()


class Auth(auth.BaseAuth):
    def get_external_login(self, environ):
        username = environ.get(USER_KEY)
        return (username, environ.get(PROOF_KEY, "")) if username else ()

    def _login(self, login: str, password: str) -> str:
        return login if secrets.compare_digest(password, PROOF) else ""


def _user():
    return getattr(_request, "user", None)


class CardItem(radicale_item.Item):
    """An item whose text is written only when a client reads it: listing the address book
    (ETags, UIDs) writes no card."""

    def __init__(self, *, card: selectors.Card, **kwargs):
        super().__init__(text="", **kwargs)
        self._card = card

    def serialize(self) -> str:
        if not self._text:
            self._text = self._card.text()
        return self._text

    @property
    def vobject_item(self):
        self.serialize()
        return super().vobject_item


class Collection(storage.BaseCollection):
    def __init__(self, path: str, user):
        self._path = path
        self._user = user

    @property
    def path(self) -> str:
        return self._path

    @property
    def is_book(self) -> bool:
        return self._path.count("/") == 1

    def _all(self) -> list[selectors.Card]:
        if not self.is_book:
            return []
        # Radicale looks the address book up several times per request: read it once.
        if getattr(_request, "cards", None) is None:
            _request.cards = selectors.cards_list(user=self._user)
        return _request.cards

    def _item(self, card: selectors.Card):
        return CardItem(
            card=card,
            collection=self,
            href=card.href,
            etag=card.etag,
            uid=card.uid,
            name="VCARD",
            component_name="VCARD",
            last_modified=format_datetime(card.updated_at.astimezone(timezone.UTC), True),
        )

    def get_all(self):
        return [self._item(card) for card in self._all()]

    def get_multi(self, hrefs):
        cards = {card.href: card for card in self._all()}
        for href in dict.fromkeys(hrefs):
            card = cards.get(href)
            yield href, self._item(card) if card else None

    def has_uid(self, uid: str) -> bool:
        return any(item.uid == uid for item in self.get_all())

    def _contact(self, href: str) -> Contact | None:
        card = next((c for c in self._all() if c.href == href), None)
        if card is None:
            return None
        return Contact.objects.for_user(self._user).get(pk=card.contact_id)

    def upload(self, href: str, item):
        if not self.is_book:
            raise ValueError(_("only address book items can be stored here"))
        old = dict(self.get_multi([href])).get(href)
        try:
            contact = services.card_upload(
                user=self._user, href=href, text=item.serialize(), contact=self._contact(href)
            )
        except services.CardError as exc:
            raise ValueError(str(exc)) from None
        _request.cards = None
        new = dict(self.get_multi([href])).get(href)
        if new is None:  # stored under the contact's id, not the href the client chose
            card = next(c for c in self._all() if c.contact_id == contact.pk)
            new = self._item(card)
        return new, old

    def delete(self, href=None) -> None:
        if href is None:
            raise ValueError(_("the address book cannot be deleted"))
        contact = self._contact(href)
        if contact is not None:
            services.card_delete(contact=contact)
        _request.cards = None

    def get_meta(self, key=None):
        meta = {}
        if self.is_book:
            meta = {
                "tag": "VADDRESSBOOK",
                "D:displayname": "Vínculo",
                "CR:addressbook-description": _("Your Vínculo contacts"),
            }
        return meta if key is None else meta.get(key)

    def set_meta(self, props) -> None:
        """The address book's properties are fixed; a change is ignored."""

    @property
    def last_modified(self) -> str:
        latest = max((c.updated_at for c in self._all()), default=self._user.date_joined)
        return format_datetime(latest.astimezone(timezone.UTC), True)


class Storage(storage.BaseStorage):
    def discover(self, path, depth="0", child_context_manager=None, user_groups=frozenset()):
        user = _user()
        if user is None:
            return
        sane = pathutils.strip_path(path)
        parts = sane.split("/") if sane else []
        if not parts:
            yield Collection("", user)
            if depth != "0":
                yield Collection(user.get_username(), user)
            return
        if parts[0] != user.get_username() or len(parts) > 3:
            return
        if len(parts) == 1:
            yield Collection(parts[0], user)
            if depth != "0":
                yield Collection(f"{parts[0]}/{BOOK}", user)
            return
        if parts[1] != BOOK:
            return
        book = Collection(f"{parts[0]}/{BOOK}", user)
        if len(parts) == 3:
            item = dict(book.get_multi([parts[2]])).get(parts[2])
            if item is not None:
                yield item
            return
        yield book
        if depth != "0":
            yield from book.get_all()

    def move(self, item, to_collection, to_href) -> None:
        raise ValueError(_("moving cards is not supported"))

    def create_collection(self, href, items=None, props=None):
        sane = pathutils.strip_path(href)
        user = _user()
        if user is not None and sane in (user.get_username(), f"{user.get_username()}/{BOOK}"):
            return Collection(sane, user), {}, []
        raise ValueError(_('only the address book "contacts" exists'))

    @contextlib.contextmanager
    def acquire_lock(self, mode, user="", *args, **kwargs):
        # The database keeps writes consistent; each card is one transaction.
        yield

    def verify(self) -> bool:
        return True


@contextlib.contextmanager
def request_user(user):
    """Make ``user`` the owner of every collection for the duration of one request."""
    _request.user, _request.cards = user, None
    try:
        yield
    finally:
        _request.user, _request.cards = None, None


def application() -> Application:
    """A Radicale application that uses this module's plugins and nothing on disk."""
    configuration = config.load()
    configuration.update(
        {
            "auth": {"type": __name__, "delay": "0"},
            "storage": {"type": __name__},
            "rights": {"type": "owner_only"},
            "web": {"type": "none"},
        },
        "vinculo",
        privileged=True,
    )
    return Application(configuration)
