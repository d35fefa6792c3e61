"""Every uploaded picture (product photos, producer photos, certificate scans, the fake-QR check)
is capped in pixels before decoding and stored without metadata (core.images)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from core.images import MAX_PIXELS, clean_image_file, clean_photo
from tests import factories
from tests.portal.images import bomb_png, encoded, phone_jpeg, upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_big_decode(monkeypatch):
    """Records every decode of an image over 50 MP (there must be none)."""
    decoded = []
    real_load = ImageFile.ImageFile.load

    def spy(self):
        if self.size[0] * self.size[1] > 50_000_000:
            decoded.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return decoded


def test_cap_is_24_megapixels():
    assert MAX_PIXELS == 24_000_000


@pytest.mark.parametrize("clean", [clean_photo, clean_image_file])
def test_a_12500_px_png_is_refused_without_decoding(no_big_decode, clean):
    with pytest.raises(ValidationError) as refused:
        clean(upload(bomb_png(), "bomb.png", "image/png"))
    assert refused.value.code == "photo_bomb"
    assert no_big_decode == []


def test_refusing_the_bomb_costs_almost_no_memory(tmp_path):
    """Peak memory (max RSS) of a fresh process while clean_photo refuses the 156 MP PNG; the
    same file decoded would need ≥ 150 MiB (greyscale) and ~600 MiB as RGBA."""
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from django.core.exceptions import ValidationError
        from django.core.files.uploadedfile import SimpleUploadedFile
        from core.images import clean_photo
        data = open({str(path)!r}, "rb").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            clean_photo(SimpleUploadedFile("bomb.png", data))
        except ValidationError as exc:
            code = exc.code
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(code, (after - before) / 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    code, grown_mib = result.stdout.split()
    assert code == "photo_bomb"
    assert float(grown_mib) < 20, grown_mib


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    requested = []
    real_draft = Image.Image.draft

    def spy(self, mode, size):
        requested.append(size)
        return real_draft(self, mode, size)

    monkeypatch.setattr(ImageFile.ImageFile, "draft", spy, raising=False)
    from PIL import JpegImagePlugin

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    big = encoded(Image.new("RGB", (4000, 3000), (10, 120, 40)), "JPEG")
    cleaned = Image.open(io.BytesIO(clean_photo(upload(big)).read()))
    assert requested[0] == (1600, 1600)  # asked for before the pixels are loaded
    assert cleaned.size == (1600, 1200)


def test_clean_image_file_keeps_the_format_and_drops_exif():
    data = clean_image_file(upload(phone_jpeg(), "cert.jpg")).read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (200, 400)  # upright
    assert not image.getexif() and b"PhoneCo" not in data
    png = encoded(Image.new("RGB", (30, 20), (1, 2, 3)), "PNG")
    assert Image.open(io.BytesIO(clean_image_file(upload(png, "c.png")).read())).format == "PNG"


@pytest.mark.django_db
def test_certificate_scan_is_stored_without_gps():
    certificate = factories.certification(product=factories.product(), stars=4)
    certificate.document = SimpleUploadedFile("chung-nhan.jpg", phone_jpeg(), "image/jpeg")
    certificate.save()
    with certificate.document.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not image.getexif() and b"PhoneCo" not in data


@pytest.mark.django_db
def test_certificate_pixel_bomb_is_refused_by_the_validator(no_big_decode):
    from catalog.validators import validate_certificate_document

    with pytest.raises(ValidationError) as refused:
        validate_certificate_document(upload(bomb_png(), "cert.png", "image/png"))
    assert refused.value.code == "photo_bomb"
    assert no_big_decode == []


@pytest.mark.django_db
def test_producer_photo_is_stored_without_gps_and_bombs_are_refused(no_big_decode):
    from catalog.validators import validate_picture

    producer = factories.producer()
    producer.photo = SimpleUploadedFile("farm.jpg", phone_jpeg(), "image/jpeg")
    producer.save()
    with producer.photo.open("rb") as stored:
        data = stored.read()
    assert not Image.open(io.BytesIO(data)).getexif() and b"PhoneCo" not in data
    with pytest.raises(ValidationError):
        validate_picture(upload(bomb_png(), "farm.png", "image/png"))
    assert no_big_decode == []


def test_qr_check_photo_bomb_is_refused_without_decoding(no_big_decode):
    from market.qrcheck import decode_photo

    with pytest.raises(ValidationError) as refused:
        decode_photo(upload(bomb_png(), "sticker.png", "image/png"))
    assert refused.value.code == "photo_pixels"
    assert no_big_decode == []
