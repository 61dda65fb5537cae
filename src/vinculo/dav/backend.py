"""Radicale plugins: the address books live in Vínculo's database, and the login is
Vínculo's (checked by ``views.dav`` before Radicale sees the request).

Radicale loads ``Auth`` and ``Storage`` from this module (``[auth] type`` and
``[storage] type`` name it). The collections are fixed: the root, one principal per user
(``/<username>/``) and one address book (``/<username>/contacts/``) whose items are the
user's contacts. Only the logged-in user's own collections exist for a request.
"""

import contextlib
import functools
import re
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
    from radicale.rights import owner_only

from vinculo.people.models import Contact

from . import selectors, services

BOOK = "contacts"
USER_KEY = "vinculo.dav.user"
PROOF_KEY = "vinculo.dav.proof"
# Only ``views.dav`` knows it: a login Radicale accepts comes from a request the view
# authenticated.
PROOF = secrets.token_hex(32)
_request = threading.local()


class Rights(owner_only.Rights):
    """Radicale's ``owner_only``, remembered: it is asked again for every item listed, with
    the same user and address book."""

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one instance per process, few paths)
    def _cached(self, user: str, path: str) -> str:
        return super().authorization(user, frozenset(), path)

    def authorization(self, user: str, user_groups: set, path: str) -> str:
        return self._cached(user, path)


class Auth(auth.BaseAuth):
    def get_external_login(self, environ):
        username = environ.get(USER_KEY)
        return (username, environ.get(PROOF_KEY, "")) if username else ()

    def _login(self, login: str, password: str) -> str:
        return login if secrets.compare_digest(password, PROOF) else ""


def _user():
    return getattr(_request, "user", None)


class _Texts:
    """The texts of a set of cards, all written at once the first time one is read (a
    multiget of 100 cards reads its contacts in one go, not 100 times)."""

    def __init__(self, user, contacts: list[int] | None):
        self._user, self._contacts, self._texts = user, contacts, None

    def text(self, contact_id: int) -> str:
        if self._texts is None:
            self._texts = selectors.cards_text(user=self._user, contacts=self._contacts)
        return self._texts[contact_id]


class CardItem(radicale_item.Item):
    """An item whose text is written only when a client reads it: listing the address book
    (ETags, UIDs) writes no card."""

    def __init__(self, *, card: selectors.Card, texts: _Texts, collection):
        # Radicale's ``Item.__init__`` re-checks the collection's path for every item (a
        # third of listing 5,000 cards); ours is always sane, so the fields are set here.
        self._collection_path, self.collection = collection.path, collection
        self.href = card.href
        self._text, self._vobject_item = "", None
        self._etag, self._uid = card.etag, card.uid
        self._name = self._component_name = "VCARD"
        self._time_range = None
        self._card, self._texts = card, texts

    @property
    def last_modified(self) -> str:  # written only when asked for
        return format_datetime(self._card.updated_at.astimezone(timezone.UTC), True)

    def serialize(self) -> str:
        if not self._text:
            self._text = self._texts.text(self._card.contact_id)
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

    def _item(self, card: selectors.Card, texts: _Texts):
        return CardItem(card=card, texts=texts, collection=self)

    def get_all(self):
        if not self.is_book:
            return []
        # Asked for twice in a PROPFIND (the items, then the address book's ETag).
        if getattr(_request, "items", None) is None:
            texts = _Texts(self._user, None)
            _request.items = [self._item(card, texts) for card in self._all()]
        return _request.items

    def _find(self, hrefs) -> dict[str, selectors.Card]:
        if not self.is_book:
            return {}
        if getattr(_request, "cards", None) is not None:  # listed already in this request
            return {card.href: card for card in _request.cards if card.href in hrefs}
        return selectors.cards_find(user=self._user, hrefs=hrefs)

    def get_multi(self, hrefs):
        hrefs = list(dict.fromkeys(hrefs))
        cards = self._find(set(hrefs))
        texts = _Texts(self._user, [card.contact_id for card in cards.values()])
        for href in hrefs:
            card = cards.get(href)
            yield href, self._item(card, texts) if card else None

    def has_uid(self, uid: str) -> bool:
        return self.is_book and selectors.card_uid_taken(user=self._user, uid=uid)

    def _contact(self, href: str) -> Contact | None:
        card = self._find({href}).get(href)
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
        _request.cards = _request.items = None
        (card,) = selectors.cards_list(user=self._user, contacts=[contact.pk])
        return self._item(card, _Texts(self._user, [contact.pk])), old

    def delete(self, href=None) -> None:
        if href is None:
            raise ValueError(_("the address book cannot be deleted"))
        contact = self._contact(href)
        if contact is not None:
            services.card_delete(contact=contact)
        _request.cards = _request.items = None

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
        latest = selectors.cards_last_modified(user=self._user) or self._user.date_joined
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
    _request.user, _request.cards, _request.items = user, None, None
    try:
        yield
    finally:
        _request.user, _request.cards, _request.items = None, None, None


# A path that Radicale's ``sanitize_path`` gives back unchanged: absolute, no empty, "." or
# ".." part (what every path of a listing is).
_SANE_PATH = re.compile(r"/(?:(?!\.\.?/)[^/]+/)*(?:(?!\.\.?$)[^/]+)?")
RADICALE_SANITIZE = pathutils.sanitize_path


def _sanitize_path(path: str) -> str:
    return path if _SANE_PATH.fullmatch(path) else RADICALE_SANITIZE(path)


def _paths_remembered() -> None:
    """Radicale checks every path it handles again and again (in asserts too: a card's path
    five times per card listed, the address book's once per card); the answers are pure
    functions of the path, so each is worked out once, and a sane path is seen at a glance.
    """
    if hasattr(pathutils.sanitize_path, "cache_info"):
        return
    pathutils.sanitize_path = functools.lru_cache(maxsize=4096)(_sanitize_path)
    for name in ("strip_path", "unstrip_path"):
        setattr(pathutils, name, functools.lru_cache(maxsize=4096)(getattr(pathutils, name)))


def application() -> Application:
    """A Radicale application that uses this module's plugins and nothing on disk."""
    _paths_remembered()
    configuration = config.load()
    configuration.update(
        {
            "auth": {"type": __name__, "delay": "0"},
            "storage": {"type": __name__},
            "rights": {"type": __name__},
            "web": {"type": "none"},
        },
        "vinculo",
        privileged=True,
    )
    return Application(configuration)
