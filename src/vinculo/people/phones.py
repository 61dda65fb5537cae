"""Phone numbers: parsed with libphonenumber and written in international form."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def phone_normalize(raw: str, region: str | None = None) -> str:
    """``"612345678"`` -> ``"+34 612 34 56 78"``; ``ValidationError`` if it is not a number."""
    region = region or settings.PHONE_DEFAULT_REGION
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        ) from exc
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_display(raw: str) -> str:
    """International form when the stored text is a number, else the text as it was typed."""
    try:
        return phone_normalize(raw)
    except ValidationError:
        return raw
