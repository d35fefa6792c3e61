"""Photo cleaning: real content checked, bombs refused, turned upright, every EXIF tag gone."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from catalog.portal.photos import MAX_SIDE, clean_photo
from tests.portal.images import encoded, phone_jpeg, upload


def opened(content_file) -> Image.Image:
    return Image.open(io.BytesIO(content_file.read()))


def test_gps_and_all_exif_are_stripped():
    original = phone_jpeg()
    assert dict(Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo))
    cleaned = clean_photo(upload(original))
    data = cleaned.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()  # no orientation, maker, model or GPS tag left
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in image.info and "comment" not in image.info
    assert b"PhoneCo" not in data and b"Farm Phone" not in data
    assert b"taken at the farm" not in data


def test_exif_orientation_is_applied():
    # 400×200 landscape, left half blue; orientation 6 means "rotate 90° clockwise to view".
    image = opened(clean_photo(upload(phone_jpeg(size=(400, 200), orientation=6))))
    assert image.size == (200, 400)
    # After turning clockwise, the blue left half is at the top.
    top, bottom = image.getpixel((100, 50)), image.getpixel((100, 350))
    assert top[2] > 200 and top[0] < 60
    assert bottom[0] > 150 and bottom[2] < 80


def test_large_photo_is_resized_to_1600_px():
    big = encoded(Image.new("RGB", (4000, 3000), (10, 120, 40)), "JPEG")
    image = opened(clean_photo(upload(big)))
    assert max(image.size) == MAX_SIDE
    assert image.size == (1600, 1200)


def test_small_photo_keeps_its_size():
    image = opened(clean_photo(upload(encoded(Image.new("RGB", (300, 200)), "JPEG"))))
    assert image.size == (300, 200)


def test_transparent_png_becomes_jpeg_on_white():
    png = encoded(Image.new("RGBA", (50, 50), (0, 0, 0, 0)), "PNG")
    image = opened(clean_photo(upload(png, "logo.png", "image/png")))
    assert image.format == "JPEG"
    assert image.getpixel((25, 25)) == (255, 255, 255)


def test_webp_is_accepted():
    webp = encoded(Image.new("RGB", (64, 48), (30, 90, 30)), "WEBP")
    assert opened(clean_photo(upload(webp, "p.webp", "image/webp"))).size == (64, 48)


def test_content_decides_not_the_file_name():
    # A real JPEG named .png is fine (it is checked as what it is) …
    assert opened(clean_photo(upload(phone_jpeg(), "photo.png", "image/png"))).format == "JPEG"


@pytest.mark.parametrize(
    "data, name",
    [
        (b"not an image at all", "photo.jpg"),
        (b"", "empty.jpg"),
        (b"%PDF-1.7\n...", "certificate.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "logo.jpg"),
        (phone_jpeg()[:300], "truncated.jpg"),
    ],
)
def test_files_that_are_not_photos_are_refused(data, name):
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(data, name))
    assert error.value.code == "photo_content"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(encoded(Image.new("RGB", (20, 20)), fmt), "photo.jpg"))
    assert error.value.code == "photo_type"


def test_more_than_10_mb_is_refused():
    data = phone_jpeg() + b"\0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(data))
    assert error.value.code == "photo_size"


def test_decompression_bomb_over_our_limit_is_refused_before_decoding():
    # 7000 × 7000 = 49 megapixels in a few kilobytes of PNG.
    bomb = encoded(Image.new("1", (7000, 7000)), "PNG", optimize=True)
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(bomb, "bomb.png", "image/png"))
    assert error.value.code == "photo_bomb"


def test_decompression_bomb_over_pillows_limit_is_refused():
    # Over twice Pillow's MAX_IMAGE_PIXELS: Pillow itself raises DecompressionBombError.
    side = int((Image.MAX_IMAGE_PIXELS * 2) ** 0.5) + 100
    bomb = encoded(Image.new("1", (side, side)), "PNG", optimize=True)
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(bomb, "bomb.png", "image/png"))
    assert error.value.code == "photo_bomb"
