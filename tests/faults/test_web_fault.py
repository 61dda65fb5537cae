"""A full disk met by the web app: the request that could not be saved answers 503 with
the reason in the visitor's language (a page, JSON under /api/, plain text for htmx), the
database stays whole, and what was saved before is all there.

The server runs with a file size limit a little above its database (see test_disk_full):
its writes go to SQLite's write-ahead log, which grows until it reaches the limit."""

import http.cookiejar
import json
import re
import resource
import urllib.error
import urllib.parse
import urllib.request

from .places import PASSWORD, Server, free_port

MARGIN = 256 * 1024
NOTES = " ".join(["Notas de la reunión en el café."] * 3000)  # about 100 kB a contact


def _limit(size: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _answer(opener, request) -> tuple[int, str, str]:
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def _form_posted(opener, url: str, form: dict, **headers) -> tuple[int, str, str]:
    """A form of the page at ``url`` sent back to it, as a browser sends it."""
    data = urllib.parse.urlencode(form).encode()
    return _answer(
        opener, urllib.request.Request(url, data=data, headers={"Referer": url, **headers})
    )


def test_a_full_disk_is_said_on_the_page_in_the_api_and_to_htmx(sqlite_place, tmp_path):
    place = sqlite_place
    status, said, err = place.run("manage", "drf_create_token", "ana")
    assert (status, err) == (0, "")
    token = said.split()[2]
    limit = place.database.stat().st_size + MARGIN
    server = Server(place.env, tmp_path, free_port(), preexec_fn=_limit(limit))
    server.start()
    try:
        # A browser in Spanish logs in first (the session is written then).
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar := http.cookiejar.CookieJar())
        )
        browser.addheaders = [("Accept-Language", "es")]
        login = _answer(browser, server.url + "/accounts/login/")[2]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
        form = {"csrfmiddlewaretoken": csrf, "username": "ana", "password": PASSWORD}
        logged_in = _form_posted(browser, server.url + "/accounts/login/", form)
        assert logged_in[0] == 200 and "sessionid" in {c.name for c in jar}

        # The API writes contacts until the disk is full.
        api = urllib.request.build_opener()
        answers = []
        for n in range(60):
            answers.append(
                _answer(
                    api,
                    urllib.request.Request(
                        server.url + "/api/v1/contacts/",
                        data=json.dumps({"name": f"Persona {n}", "notes": NOTES}).encode(),
                        headers={
                            "Authorization": f"Token {token}",
                            "Content-Type": "application/json",
                            "Accept-Language": "en",
                        },
                    ),
                )
            )
            if answers[-1][0] != 201:
                break
        saved = len(answers) - 1
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        quick_add = {"csrfmiddlewaretoken": csrf, "name": "Lucía", "where": "Café", "line": ""}
        page = _form_posted(browser, server.url + "/contacts/quick/", quick_add)
        htmx = _form_posted(
            browser, server.url + "/contacts/quick/", quick_add, **{"HX-Request": "true"}
        )
    finally:
        server.stop()

    english = (
        f"No room left to write the database in {place.home}: its files reached the largest "
        f"size this process may write ({limit} bytes, see ulimit -f). "
        "What was being written was undone: free some space and try again."
    )
    spanish = (
        f"No queda sitio para escribir la base de datos en {place.home}: sus archivos han "
        f"llegado al tamaño máximo que este proceso puede escribir ({limit} bytes, mira "
        "ulimit -f). Lo que se estaba escribiendo se ha deshecho: libera espacio y vuelve a "
        "intentarlo."
    )
    assert saved >= 1
    assert answers[-1][:2] == (503, "application/json")
    assert json.loads(answers[-1][2]) == {"detail": english}
    assert page[:2] == (503, "text/html; charset=utf-8")
    assert "<h1>No se han podido guardar tus cambios</h1>" in page[2]
    assert f'<p class="fault">{spanish}</p>' in page[2]
    assert htmx == (503, "text/plain; charset=utf-8", spanish)
    # Whole, and everything that was answered 201 is there; nothing of the refused ones.
    assert place.integrity() == "ok"
    people = json.loads(place.export())["contacts"]
    assert sorted(p["name"] for p in people) == sorted(f"Persona {n}" for n in range(saved))
    assert all(p["notes"] == NOTES for p in people)
