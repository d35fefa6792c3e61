"""Validators for uploaded certificate documents and GTIN attribute values."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.images import check_header
from traceability.gs1 import is_valid_gtin

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = {
    ".pdf": "PDF",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
}


def validate_certificate_document(upload) -> None:
    """A PDF (starts with ``%PDF-``) or a JPEG/PNG/WebP image Pillow can read, ≤ 10 MB.

    The extension and the content must agree, so a renamed file is refused too.
    """
    expected = DOCUMENT_EXTENSIONS.get(Path(upload.name or "").suffix.lower())
    if expected is None:
        raise ValidationError(
            _("Upload the certificate as a PDF or an image (JPEG, PNG or WebP)."),
            code="document_type",
        )
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The document is larger than 10 MB."), code="document_size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if expected == "PDF":
            if upload.read(5) != b"%PDF-":
                raise ValidationError(
                    _("This file is not a PDF document."), code="document_content"
                )
            return
        # The pixel cap from the header first (nothing decoded), then Pillow's check.
        try:
            check_header(upload)
        except ValidationError as exc:
            if exc.code == "photo_bomb":
                raise
        try:
            with Image.open(upload) as image:
                actual = image.format
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            raise ValidationError(
                _("This file is not a readable image."), code="document_content"
            ) from None
        if actual != expected:
            raise ValidationError(
                _("The file's content does not match its extension."), code="document_content"
            )
    finally:
        upload.seek(position)


def validate_picture(upload) -> None:
    """A JPEG, PNG or WebP within the pixel cap, judged from the file's header (the full
    check and the metadata stripping happen when it is saved: core.images)."""
    if upload:
        check_header(upload)


def validate_gtin(value: str) -> None:
    """A GTIN-8, -12, -13 or -14 with a correct check digit (spaces allowed)."""
    if value and not is_valid_gtin(value):
        raise ValidationError(
            _("This is not a valid GTIN (barcode number): check the digits."), code="gtin"
        )
