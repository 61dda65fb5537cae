"""The people of the load test (``python -m benchmarks.load`` runs it; see that module).

    locust -f benchmarks/locustfile.py --plan PLAN.json --host http://127.0.0.1:PORT ...

Two kinds of user, three browsing the web app for every one using the API:

* ``WebUser`` logs in through the login form (CSRF cookie, then the form) and then does
  what a person does with a large network: the dashboard with the fragments it loads
  after itself, pages of the contact list, a search typed without accents (htmx asks for
  the rows as the person types: a first fragment, then the whole word), a contact's page
  with its three lazily loaded fragments, the quick add, editing a contact through its
  form and logging an interaction on a contact's timeline (htmx).
* ``ApiUser`` sends a token created beforehand: lists and searches contacts, reads one,
  creates an interaction and corrects it (PATCH).

The plan (written by the runner) holds the account, the token, the contacts to browse and
the few contacts written to, so writes stay bounded: edits touch the same few contacts
(the notes keep one line of ours, replaced each time), interactions go to those few,
and everything created carries the plan's ``marker`` so the runner removes it between
steps. No Django here: this file runs in locust's own process.
"""

import json
import random
import re
from datetime import date
from html.parser import HTMLParser
from itertools import count
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HTMX = {"HX-Request": "true"}
serial = count(1)  # one locust process: numbers unique within a run


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--plan", default="", help="the JSON plan written by benchmarks.load")


_plan: dict = {}
_ready = 0


def ready(environment) -> None:
    """One more user has logged in (or needs no login); when all have, the statistics start
    again from zero, so that logging in (a slow password hash, once per user) is not counted
    as part of the mix."""
    global _ready
    _ready += 1
    if _ready == environment.parsed_options.num_users and environment.runner is not None:
        environment.runner.stats.reset_all()


def plan(environment) -> dict:
    if not _plan:
        path = environment.parsed_options.plan
        if not path:
            raise SystemExit("--plan is required (python -m benchmarks.load writes it)")
        with open(path, encoding="utf-8") as f:
            _plan.update(json.load(f))
    return _plan


class FormFields(HTMLParser):
    """The fields of the forms of a page, as a browser would submit them unchanged:
    ``forms`` is a list of (action, {name: value}) in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    @property
    def _fields(self) -> dict:
        return self.forms[-1][1] if self.forms else {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "form":
            self.forms.append((a.get("action") or "", {}))
        elif tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._first_option is None:
                self._first_option = value
                self._fields.setdefault(self._select, value)
            if "selected" in a:
                self._fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._fields[self._textarea] += data


def form_fields(html: str, field: str) -> dict:
    """The fields of the first form on the page that has ``field``."""
    parser = FormFields()
    parser.feed(html)
    for _action, fields in parser.forms:
        if field in fields:
            # A browser drops the one line break right after <textarea>.
            return {k: v[1:] if v.startswith("\n") else v for k, v in fields.items()}
    return {}


class WebUser(FastHttpUser):
    weight = 3
    wait_time = constant(0)

    def on_start(self):
        self.plan = plan(self.environment)
        if self.plan.get("wait"):
            self.wait_time = constant(self.plan["wait"])
        with self.client.get("/accounts/login/", name="login page", catch_response=True) as r:
            token = CSRF_FIELD.search(r.text or "")
            if r.status_code != 200 or not token:
                r.failure(f"login page: HTTP {r.status_code}, CSRF token found: {bool(token)}")
                ready(self.environment)
                return  # every page after this fails too: the failures say so
        body = urlencode(
            {
                "username": self.plan["user"],
                "password": self.plan["password"],
                "csrfmiddlewaretoken": token.group(1),
            }
        )
        with self.client.post(
            "/accounts/login/",
            data=body,
            headers=FORM,
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login answered {r.status_code}, not a redirect")
        ready(self.environment)

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def contact_id(self) -> int:
        return random.choice(self.plan["browse_ids"])

    def get(self, url: str, name: str, *, htmx: bool = False, expect: str = "") -> str:
        """A page or a fragment: exactly 200, never a redirect (a lost session would
        otherwise count the login page as a success), with ``expect`` in it."""
        with self.client.get(
            url,
            headers=HTMX if htmx else None,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as r:
            text = r.text or ""
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif expect not in text:
                r.failure(f"{expect!r} is not in the answer")
            return text

    @task(3)
    def dashboard(self):
        self.get("/", "dashboard")
        self.get("/give-first/", "dashboard: give first", htmx=True)
        self.get("/ledger/", "dashboard: ledger", htmx=True)

    @task(3)
    def contact_list(self):
        # Mostly the first page, sometimes one further on, sometimes a page deep in.
        page = random.choice([1, 1, 2, 3, random.randint(4, self.plan["list_pages"])])
        url = "/contacts/" if page == 1 else f"/contacts/?page={page}"
        self.get(url, "contact list" if page == 1 else "contact list, page N")

    @task(3)
    def search(self):
        """Typed without accents: htmx asks after a pause with the first letters, then
        with the whole word (the page itself is already open)."""
        word = random.choice(self.plan["searches"])
        for typed in (word[:3], word):
            self.get("/contacts/?" + urlencode({"q": typed}), "search (htmx rows)", htmx=True)

    def contact_page(self, contact_id: int) -> None:
        self.get(f"/contacts/{contact_id}/", "contact")
        for fragment in ("strength", "suggestions", "ledger"):
            self.get(f"/contacts/{contact_id}/{fragment}/", f"contact: {fragment}", htmx=True)

    @task(6)
    def contact(self):
        self.contact_page(self.contact_id())

    @task(1)
    def quick_add(self):
        n = next(serial)
        self.get("/contacts/quick/", "quick add form", expect="csrfmiddlewaretoken")
        body = urlencode(
            {
                "name": f"Lucía Prueba {n}",
                "where": self.plan["marker"],
                "line": "diseñadora, busca clientes en turismo",
                "csrfmiddlewaretoken": self.csrf(),
            }
        )
        with self.client.post(
            "/contacts/quick/",
            data=body,
            headers=FORM,
            name="quick add (save)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"quick add answered {r.status_code}, not a redirect")
        self.get("/contacts/quick/", "quick add form")

    @task(1)
    def edit(self):
        contact_id = random.choice(self.plan["write_ids"])
        url = f"/contacts/{contact_id}/edit/"
        fields = form_fields(self.get(url, "edit form", expect='name="notes"'), "notes")
        if "name" not in fields:
            return  # counted as a failure by get()
        marker = self.plan["marker"]
        kept = [line for line in fields["notes"].splitlines() if not line.startswith(marker)]
        fields["notes"] = "\n".join([*kept, f"{marker}: {next(serial)}"])
        fields["csrfmiddlewaretoken"] = self.csrf()
        with self.client.post(
            url,
            data=urlencode(fields),
            headers=FORM,
            name="edit (save)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"saving the edit answered {r.status_code}, not a redirect")
                return
        self.contact_page(contact_id)

    @task(2)
    def log_interaction(self):
        """On the contact page (opened first), the timeline's form, sent by htmx."""
        contact_id = random.choice(self.plan["write_ids"])
        self.contact_page(contact_id)
        body = urlencode(
            {
                "kind": random.choice(["call", "meeting", "email"]),
                "direction": random.choice(["gave", "received", "mutual"]),
                "date": date.today().isoformat(),
                "summary": f"{self.plan['marker']}: café para hablar del proyecto",
            }
        )
        with self.client.post(
            f"/contacts/{contact_id}/interactions/",
            data=body,
            headers={**FORM, **HTMX, "X-CSRFToken": self.csrf()},
            name="interaction (htmx save)",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or "interaction-" not in (r.text or ""):
                r.failure(f"logging an interaction answered {r.status_code} without the entry")


class ApiUser(FastHttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self):
        self.plan = plan(self.environment)
        if self.plan.get("wait"):
            self.wait_time = constant(self.plan["wait"])
        self.auth = {"Authorization": f"Token {self.plan['token']}", "Accept": "application/json"}
        ready(self.environment)

    @task(2)
    def contacts(self):
        offset = random.choice([0, 0, 50, 50 * random.randint(2, self.plan["list_pages"] - 1)])
        self.client.get(
            f"/api/v1/contacts/?limit=50&offset={offset}", headers=self.auth, name="api: contacts"
        )

    @task(2)
    def search(self):
        q = urlencode({"q": random.choice(self.plan["searches"])})
        self.client.get(f"/api/v1/contacts/?{q}", headers=self.auth, name="api: search")

    @task(3)
    def contact(self):
        contact_id = random.choice(self.plan["browse_ids"])
        self.client.get(f"/api/v1/contacts/{contact_id}/", headers=self.auth, name="api: contact")

    @task(1)
    def interaction(self):
        payload = {
            "contact": random.choice(self.plan["write_ids"]),
            "kind": "call",
            "date": date.today().isoformat(),
            "summary": f"{self.plan['marker']}: llamada",
        }
        with self.client.post(
            "/api/v1/interactions/",
            json=payload,
            headers=self.auth,
            name="api: interaction create",
            catch_response=True,
        ) as r:
            if r.status_code != 201:
                r.failure(f"creating an interaction answered {r.status_code}")
                return
            interaction_id = r.json()["id"]
        self.client.patch(
            f"/api/v1/interactions/{interaction_id}/",
            json={"summary": f"{self.plan['marker']}: llamada, quedamos en vernos"},
            headers=self.auth,
            name="api: interaction patch",
        )
