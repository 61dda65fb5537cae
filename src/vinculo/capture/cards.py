"""Business-card photos: checked with Pillow, read by Tesseract (Spanish and English), and
sorted into the fields of a contact form by ``engines.cards``. Nothing is saved here: the
result only fills a form that the user reviews.
"""

import io
import os
import re
import subprocess
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from vinculo.engines.cards import CardFields, card_fields
from vinculo.people.phones import phone_normalize

TESSERACT = "tesseract"
TESSERACT_LANGUAGES = "spa+eng"
TESSERACT_TIMEOUT = 60  # seconds; a card takes two to four
# Tesseract reads best with letters 20 to 60 pixels high: photos narrower than this are
# doubled, wider ones reduced to it.
OCR_WIDTH_MIN = 1000
OCR_WIDTH_MAX = 3000


class CardError(Exception):
    """The photo cannot be read; ``str()`` is the message for the user."""


@dataclass
class CardReading:
    fields: CardFields
    text: str  # everything Tesseract read, as it read it

    def initial(self) -> dict:
        """The card as the initial data of ``people.forms.ContactForm``.

        Phones are written in international form; a number that is not one stays in
        the notes with the rest of the lines that fit no field, so nothing read is lost.
        """
        phones, unreadable = [], []
        for raw in self.fields.phones:
            try:
                phone = phone_normalize(raw)
            except ValidationError:
                unreadable.append(raw)
                continue
            if phone not in phones:
                phones.append(phone)
        return {
            "name": self.fields.name,
            "title": self.fields.title,
            "organization": self.fields.organization,
            "emails": self.fields.emails,
            "phones": phones,
            "urls": self.fields.urls,
            "notes": "\n".join([*self.fields.rest, *unreadable]),
        }


def _open(data: bytes) -> Image.Image:
    limit = settings.CARD_IMAGE_MAX_BYTES
    if len(data) > limit:
        raise CardError(
            _("The photo is too large: send one of at most %(limit)s.")
            % {"limit": filesizeformat(limit)}
        )
    pixels = settings.CARD_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Our own limit comes next; Pillow's warning about huge images is not for users.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise CardError(
            _("The photo is too large: send one of at most %(limit)s megapixels.")
            % {"limit": round(pixels / 1_000_000)}
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CardError(
            _("This file is not an image: send a photo of the card (JPEG, PNG or WebP).")
        ) from exc
    width, height = image.size
    if width * height > pixels:
        raise CardError(
            _(
                "The photo is too large (%(megapixels)s megapixels): send one of at most "
                "%(limit)s megapixels."
            )
            % {
                "megapixels": round(width * height / 1_000_000),
                "limit": round(pixels / 1_000_000),
            }
        )
    try:
        image.load()
    except (OSError, ValueError) as exc:
        raise CardError(
            _("This image is damaged and cannot be read: take the photo again.")
        ) from exc
    return image


def _prepared(image: Image.Image) -> Image.Image:
    """Upright (as the phone held it), grey, with full contrast, at a size Tesseract reads
    well."""
    image = ImageOps.exif_transpose(image)
    image = ImageOps.grayscale(image)
    image = ImageOps.autocontrast(image, cutoff=1)
    width, height = image.size
    if width < OCR_WIDTH_MIN:
        return image.resize((width * 2, height * 2), Image.Resampling.LANCZOS)
    if width > OCR_WIDTH_MAX:
        size = (OCR_WIDTH_MAX, round(height * OCR_WIDTH_MAX / width))
        return image.resize(size, Image.Resampling.LANCZOS)
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _run_tesseract(png: bytes, *options: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [TESSERACT, "stdin", "stdout", *options],
            input=png,
            capture_output=True,
            timeout=TESSERACT_TIMEOUT,
            check=False,
            # One thread: on a small server several readings at once share the cores.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except FileNotFoundError as exc:
        raise CardError(
            _(
                "Cards cannot be read on this server: Tesseract is not installed "
                "(run the set-up again)."
            )
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise CardError(_("Reading the card took too long: try a smaller photo.")) from exc


def _tesseract(png: bytes) -> str:
    done = _run_tesseract(png, "-l", TESSERACT_LANGUAGES)
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise CardError(
            _("The card could not be read (%(error)s).")
            % {"error": said[-1] if said else done.returncode}
        )
    return done.stdout.decode("utf-8", errors="replace")


# Tesseract's orientation detection: how far to turn the page clockwise, and how sure it is.
_ROTATE = re.compile(r"Rotate: (\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence: ([\d.]+)")
ROTATION_CONFIDENCE_MIN = 2.0


def _rotation(png: bytes) -> int:
    """Degrees clockwise that turn the card's text upright (0 when unsure)."""
    done = _run_tesseract(png, "--psm", "0")
    said = done.stdout.decode(errors="replace")
    rotate, confidence = _ROTATE.search(said), _CONFIDENCE.search(said)
    if done.returncode != 0 or not rotate or not confidence:
        return 0
    return int(rotate.group(1)) if float(confidence.group(1)) >= ROTATION_CONFIDENCE_MIN else 0


def card_read(*, data: bytes) -> CardReading:
    """Read the card in the photo ``data``; ``CardError`` says why it cannot be read.

    A card photographed sideways or upside down (no name found) is turned as Tesseract's
    orientation detection says, and read again.
    """
    image = _prepared(_open(data))
    png = _png(image)
    text = _tesseract(png)
    fields = card_fields(text)
    if not fields.name:
        turn = _rotation(png)
        if turn:
            text = _tesseract(_png(image.rotate(-turn, expand=True)))
            fields = card_fields(text)
    if not fields.found_anything:
        raise CardError(
            _(
                "No text could be read on this photo: take it again, closer, straight on "
                "and with more light."
            )
        )
    return CardReading(fields=fields, text=text)
