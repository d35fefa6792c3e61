"""Clean product photos from phones: check the real content, apply orientation, drop metadata.

Only JPEG, PNG and WebP are accepted, judged by what Pillow finds inside the file, not by the
name. Huge images are refused before their pixels are decoded (decompression bombs). The
result is a fresh JPEG, turned upright from the EXIF orientation, at most 1600 px on its long
side, carrying no EXIF at all, so no GPS position of the farm leaves the phone.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 40 megapixels: above any phone camera, far below what would exhaust a small server's memory.
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

NOT_AN_IMAGE = _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")


def _fail(message, code: str):
    raise ValidationError(message, code=code)


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert from the camera's colour profile to sRGB, so colours survive dropping it."""
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unusable profile: keep the pixels as they are
    return converted or image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (transparent PNG/WebP areas become white, not black)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def clean_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return a cleaned JPEG; ValidationError if refused."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        _fail(_("The photo is larger than 10 MB."), "photo_size")
    if size == 0:
        _fail(NOT_AN_IMAGE, "photo_content")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then errors, on images over its own pixel limit: treat both as bad.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                if opened.format not in ACCEPTED_FORMATS:
                    _fail(_("Only JPEG, PNG and WebP photos are accepted."), "photo_type")
                width, height = opened.size
                if width * height > MAX_PIXELS or width < 1 or height < 1:
                    _fail(_("The photo has too many pixels (at most 40 megapixels)."), "photo_bomb")
                opened.load()
                icc_profile = opened.info.get("icc_profile")
                upright = ImageOps.exif_transpose(opened)
                image = _flatten(_to_srgb(upright, icc_profile))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _fail(_("The photo has too many pixels (at most 40 megapixels)."), "photo_bomb")
    except Exception:
        # Pillow's decoders raise many kinds of errors on damaged or hostile files
        # (OSError, SyntaxError, ValueError, struct.error, EOFError…): all mean "not a photo".
        _fail(NOT_AN_IMAGE, "photo_content")

    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image holding only the pixels: nothing of the original's EXIF, GPS, XMP, comments
    # or maker notes can ride along.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    output = io.BytesIO()
    clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(output.getvalue())
