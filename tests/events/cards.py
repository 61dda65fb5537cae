"""Business cards drawn with Pillow in real fonts (Debian's DejaVu), as a phone would
photograph them, for the OCR tests."""

import io

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu/"
REGULAR = FONTS + "DejaVuSans.ttf"
BOLD = FONTS + "DejaVuSans-Bold.ttf"

JOSE = [
    ("José Núñez Peña", BOLD, 56),
    ("Directora de Innovación", REGULAR, 36),
    ("Cooperativa Añil", REGULAR, 36),
    ("", REGULAR, 20),
    ("jose.nunez@cooperativa-anil.es", REGULAR, 30),
    ("Tel. 612 34 56 78", REGULAR, 30),
    ("+34 91 123 45 67", REGULAR, 30),
    ("www.cooperativa-anil.es", REGULAR, 30),
]


def card_image(lines=JOSE, *, size=(1050, 600), ink="black", paper="white", angle=0) -> Image:
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    y = 50
    for text, font, points in lines:
        if text:
            draw.text((60, y), text, font=ImageFont.truetype(font, points), fill=ink)
        y += points + 20
    if angle:
        image = image.rotate(angle, expand=True, fillcolor=paper)
    return image


def encoded(image: Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()
