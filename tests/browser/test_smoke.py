import pytest

pytestmark = pytest.mark.browser


def test_login_page_opens_on_a_phone(live_server, page):
    response = page.goto(live_server.url + "/accounts/login/")

    assert response is not None
    assert response.status == 200
