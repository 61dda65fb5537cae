# The API's clients (token and anonymous) and its throttle reset, for the API tests here.
from tests.api.conftest import _fresh_throttles, anon_api, api  # noqa: F401
