"""Small pieces every view module shares."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def is_htmx(request) -> bool:
    """The request comes from htmx: answer with the fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"


def form_errors(form, exc: ValidationError) -> None:
    """A service's validation error shown on the form: under its field when the form has
    one of that name, above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def flash_errors(request, exc: ValidationError) -> None:
    """A service's validation error shown as messages on the next page."""
    for message in exc.messages:
        messages.error(request, message)
