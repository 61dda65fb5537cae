"""Business-card photos read by the real Tesseract (Spanish and English data)."""

import pytest
from django.utils import translation

from vinculo.capture.cards import CardError, card_read

from .cards import BOLD, REGULAR, card_image, encoded

JOSE = {
    "name": "José Núñez Peña",
    "title": "Directora de Innovación",
    "organization": "Cooperativa Añil",
    "emails": ["jose.nunez@cooperativa-anil.es"],
    "phones": ["+34 612 34 56 78", "+34 911 23 45 67"],
    "urls": ["https://www.cooperativa-anil.es"],
    "notes": "",
}


def test_card_read_spanish_card_photo():
    assert card_read(data=encoded(card_image(), quality=85)).initial() == JOSE


def test_card_read_upside_down_card_is_turned_and_read():
    assert card_read(data=encoded(card_image(angle=180), "PNG")).initial() == JOSE


def test_card_read_low_contrast_card():
    grey = card_image(ink=(150, 150, 150), paper=(190, 190, 190))
    assert card_read(data=encoded(grey, quality=85)).initial() == JOSE


def test_card_read_english_card_with_an_address_kept_in_the_notes():
    lines = [
        ("Harbour Lights Ltd", BOLD, 44),
        ("Emily Carter", BOLD, 52),
        ("Head of Partnerships", REGULAR, 34),
        ("emily.carter@harbourlights.co.uk", REGULAR, 30),
        ("Mobile +44 7700 900123", REGULAR, 30),
        ("12 Quay Street, Bristol", REGULAR, 30),
    ]
    assert card_read(data=encoded(card_image(lines), "PNG")).initial() == {
        "name": "Emily Carter",
        "title": "Head of Partnerships",
        "organization": "Harbour Lights Ltd",
        "emails": ["emily.carter@harbourlights.co.uk"],
        "phones": ["+44 7700 900123"],
        "urls": [],
        "notes": "12 Quay Street, Bristol",
    }


def test_card_read_damaged_image():
    data = encoded(card_image(), "PNG")
    with translation.override("en"), pytest.raises(CardError) as error:
        card_read(data=data[: len(data) // 2])
    assert str(error.value) == "This image is damaged and cannot be read: take the photo again."
