"""Photos as a phone makes them: EXIF orientation, GPS position, odd formats, hostile files."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS_LATITUDE = (21.0, 35.0, 30.0)


def phone_jpeg(
    *, size=(400, 200), orientation: int = 6, gps: bool = True, colour=(200, 30, 30)
) -> bytes:
    """A landscape JPEG whose left half is blue, taken "sideways" (EXIF orientation 6),
    carrying the farm's GPS position and the camera maker, as phone cameras write them."""
    image = Image.new("RGB", size, colour)
    image.paste((0, 0, 255), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Farm Phone 9"
    if gps:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = "N"
        info[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
        info[ExifTags.GPS.GPSLongitudeRef] = "E"
        info[ExifTags.GPS.GPSLongitude] = (105.0, 50.0, 10.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95, comment=b"taken at the farm")
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def bomb_png(width: int = 12_500, height: int = 12_500) -> bytes:
    """A black greyscale PNG of ``width`` × ``height`` pixels (156 MP by default: ~150 MiB as
    greyscale, ~600 MiB as RGBA once decoded) in a few hundred KB, written row by row so the
    test itself never holds the pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + pixels
    rows_per_step = 256
    parts = []
    for start in range(0, height, rows_per_step):
        parts.append(compressor.compress(row * min(rows_per_step, height - start)))
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )
