import json

import vobject
from django.urls import reverse


def test_export_page_links_every_format(auth_client):
    html = auth_client.get(reverse("exports.page")).content.decode()
    url = reverse("exports.download")
    for query in ("format=vcard&amp;version=4.0", "format=vcard&amp;version=3.0", "format=csv"):
        assert f'href="{url}?{query}"' in html
    assert f'href="{url}?format=json"' in html


def test_download_vcard_3(auth_client, network):
    response = auth_client.get(reverse("exports.download"), {"format": "vcard", "version": "3.0"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="vinculo-')
    assert response["Content-Disposition"].endswith('.vcf"')
    cards = list(vobject.readComponents(response.content.decode()))
    assert sorted(c.fn.value for c in cards) == ["Ana", "Luis Pérez", "María José Núñez"]
    assert {c.version.value for c in cards} == {"3.0"}


def test_download_csv_and_json(auth_client, network):
    csv_response = auth_client.get(reverse("exports.download"), {"format": "csv"})
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response.content.decode("utf-8-sig").count("\r\n") == 4
    json_response = auth_client.get(reverse("exports.download"), {"format": "json"})
    document = json.loads(json_response.content)
    assert sorted(c["name"] for c in document["contacts"]) == [
        "Ana",
        "Luis Pérez",
        "María José Núñez",
    ]


def test_download_of_an_unknown_format_is_not_found(auth_client):
    url = reverse("exports.download")
    assert auth_client.get(url, {"format": "xls"}).status_code == 404
    assert auth_client.get(url, {"format": "vcard", "version": "2.1"}).status_code == 404


def test_download_holds_only_the_owners_contacts(client, other_user, network):
    client.force_login(other_user)
    response = client.get(reverse("exports.download"), {"format": "vcard"})
    assert (response.status_code, response.content) == (200, b"")
