"""Clean uploaded pictures: check the real content, apply orientation, drop metadata.

One rule for every picture people upload (product photos from the portal and Oscar's dashboard,
producer photos, certificate scans, the fake-QR check's photo). Only JPEG, PNG and WebP are
accepted, judged by what Pillow finds inside the file, not by the name. The pixel count is read
from the file's header and checked before any pixel is decoded (decompression bombs: a
12,500 × 12,500 PNG is a few hundred KB on disk and 600 MiB decoded). What is stored is a fresh
image, turned upright from the EXIF orientation, carrying no EXIF at all, so no GPS position of
the farm leaves the phone.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 24 megapixels: a phone's normal photo is 12 MP. Decoding costs about 4 bytes a pixel plus the
# copies made while converting, so 24 MP stays near 100-300 MiB at worst; the 40 MP allowed
# before cost ~650 MiB. The size is read from the file's header and checked before decoding.
MAX_PIXELS = 24_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

NOT_AN_IMAGE = _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")
TOO_MANY_PIXELS = _("The photo has too many pixels (at most 24 megapixels).")


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


def too_many_pixels(image: Image.Image, max_pixels: int = MAX_PIXELS) -> bool:
    """True when an opened (not yet decoded) image is over the cap: judged from its header."""
    width, height = image.size
    return width * height > max_pixels or width < 1 or height < 1


def check_header(upload, *, formats=ACCEPTED_FORMATS) -> str:
    """The picture's format, after checking from its header alone (no pixel decoded) that it
    is one of ``formats`` and within the pixel cap; ValidationError otherwise. The upload is
    left at the position it was."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                if opened.format not in formats:
                    _fail(_("Only JPEG, PNG and WebP photos are accepted."), "photo_type")
                if too_many_pixels(opened):
                    _fail(TOO_MANY_PIXELS, "photo_bomb")
                return opened.format
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _fail(TOO_MANY_PIXELS, "photo_bomb")
    except Exception:
        _fail(NOT_AN_IMAGE, "photo_content")
    finally:
        upload.seek(position)


def _decode(upload, max_side: int = MAX_SIDE) -> Image.Image:
    """The upright pixels of an accepted upload, at most ``max_side`` on the long side (a JPEG
    decoded at a reduced scale when that still gives enough pixels, then shrunk before any
    copy is made), with the format it came in as ``.format``."""
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
                if too_many_pixels(opened):
                    _fail(TOO_MANY_PIXELS, "photo_bomb")
                source_format = opened.format
                if opened.format == "JPEG":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still gives at
                    # least MAX_SIDE pixels: a quarter or less of the memory, same result.
                    opened.draft(None, (max_side, max_side))
                opened.load()
                # Shrink first (in place): every later step copies only the small image.
                opened.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                icc_profile = opened.info.get("icc_profile")
                upright = ImageOps.exif_transpose(opened)
                image = _to_srgb(upright, icc_profile)
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _fail(TOO_MANY_PIXELS, "photo_bomb")
    except Exception:
        # Pillow's decoders raise many kinds of errors on damaged or hostile files
        # (OSError, SyntaxError, ValueError, struct.error, EOFError…): all mean "not a photo".
        _fail(NOT_AN_IMAGE, "photo_content")
    image.format = source_format
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: nothing of the original's EXIF, GPS, XMP,
    comments or maker notes can ride along."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def clean_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return a cleaned JPEG of at most MAX_SIDE pixels on its
    long side; ValidationError if refused."""
    image = _flatten(_decode(upload))
    output = io.BytesIO()
    _pixels_only(image).save(
        output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
    )
    return ContentFile(output.getvalue())


def clean_image_file(upload, *, max_side: int = 3000) -> ContentFile:
    """Validate an uploaded picture (a certificate scan, a producer photo) and return it
    without metadata, upright, at most ``max_side`` pixels on its long side (legible), in its
    own format (a JPEG stays a JPEG, a PNG a PNG, a WebP a WebP)."""
    image = _decode(upload, max_side)
    source_format = image.format
    if source_format == "JPEG":
        image = _flatten(image)
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    output = io.BytesIO()
    options = {"quality": 90} if source_format in ("JPEG", "WEBP") else {"optimize": True}
    _pixels_only(image).save(output, format=source_format, **options)
    return ContentFile(output.getvalue())
