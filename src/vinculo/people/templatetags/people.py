from django import template

from vinculo.people.phones import phone_display

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored phone in international form (“+34 612 34 56 78”)."""
    return phone_display(value)


@register.filter
def tel_href(value: str) -> str:
    return "tel:" + "".join(ch for ch in phone_display(value) if ch.isdigit() or ch == "+")
