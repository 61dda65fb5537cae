import vobject


def test_api_export_vcard(api, network):
    response = api.get("/api/v1/export/", {"type": "vcard", "version": "3.0"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = list(vobject.readComponents(response.content.decode()))
    assert sorted(c.fn.value for c in cards) == ["Ana", "Luis Pérez", "María José Núñez"]
    assert {c.version.value for c in cards} == {"3.0"}


def test_api_export_csv(api, network):
    response = api.get("/api/v1/export/", {"type": "csv"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("First Name,Middle Name,")


def test_api_export_unknown_type_is_a_400(api):
    response = api.get("/api/v1/export/", {"type": "xls"})
    assert response.status_code == 400
    assert response.json() == {"type": ['"xls" is not a valid choice.']}


def test_api_export_anonymous_is_a_401(anon_api, db):
    assert anon_api.get("/api/v1/export/", {"type": "json"}).status_code == 401
