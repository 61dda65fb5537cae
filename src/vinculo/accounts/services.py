from django.conf import settings

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
