"""Uploads of any bytes: product photos, producer photos and certificate scans, certificate
documents and the fake-QR check's photo give a cleaned picture, a QR text or a
ValidationError, never another exception.

Inputs: arbitrary bytes under any name, files starting with a real signature, and real JPEG
(with EXIF), PNG, WebP, GIF, BMP and TIFF files truncated, overwritten, shortened, padded or
with their header bytes changed.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import event, given, settings
from PIL import Image

from catalog.portal.photos import clean_photo
from catalog.validators import validate_certificate_document
from core.images import clean_image_file
from market.qrcheck import decode_photo
from tests.fuzz.images import QR_IMAGES, REAL_IMAGES, uploads

EXAMPLES = 300


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def assert_clean_jpeg(cleaned) -> None:
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


@settings(max_examples=EXAMPLES)
@given(uploads())
def test_product_photo_is_cleaned_or_refused_with_a_validation_error(named):
    try:
        cleaned = clean_photo(upload(*named))
    except ValidationError as error:
        assert error.messages and all(error.messages)
        event(f"refused: {error.code}")
        return
    event("cleaned")
    assert_clean_jpeg(cleaned)


@settings(max_examples=EXAMPLES)
@given(uploads())
def test_producer_photo_or_certificate_scan_is_cleaned_or_refused(named):
    try:
        cleaned = clean_image_file(upload(*named))
    except ValidationError as error:
        assert error.messages and all(error.messages)
        event(f"refused: {error.code}")
        return
    event("cleaned")
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format in ("JPEG", "PNG", "WEBP")
        assert not image.getexif()


@settings(max_examples=EXAMPLES)
@given(uploads())
def test_certificate_document_is_accepted_or_refused_with_a_validation_error(named):
    file = upload(*named)
    try:
        validate_certificate_document(file)
        event("accepted")
    except ValidationError as error:
        assert error.messages and all(error.messages)
        event(f"refused: {error.code}")
    assert file.tell() == 0  # left where it was found, for the storage to read


@settings(max_examples=EXAMPLES)
@given(uploads({**REAL_IMAGES, **QR_IMAGES}))
def test_qr_check_photo_gives_its_text_or_a_validation_error(named):
    try:
        text = decode_photo(upload(*named))
    except ValidationError as error:
        assert error.messages and all(error.messages)
        event(f"refused: {error.code}")
        return
    event("decoded")
    assert isinstance(text, str) and text


def test_the_undamaged_originals_of_accepted_formats_are_accepted():
    """The fuzzers start from files that work: otherwise they only ever test refusals."""
    for key in ("jpeg-exif", "jpeg-progressive", "png", "png-palette", "png-grey", "webp"):
        name, data = REAL_IMAGES[key]
        assert_clean_jpeg(clean_photo(upload(name, data)))
    for name, data in QR_IMAGES.values():
        assert decode_photo(upload(name, data)).startswith("000201")
