from django.conf import settings
from rest_framework.authtoken.models import Token

from .models import User


def user_create(*, username: str, password: str, email: str = "", language: str = "") -> User:
    user = User(username=username, email=email, language=language)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_set_language(*, user, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def api_token_get(*, user) -> str | None:
    token = Token.objects.filter(user=user).first()
    return token.key if token else None


def api_token_renew(*, user) -> str:
    """A new token for the API; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key
