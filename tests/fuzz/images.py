"""Real pictures and ways to damage them, for the upload fuzzers."""

from __future__ import annotations

import io

from hypothesis import strategies as st
from PIL import Image

from tests.portal.images import phone_jpeg


def _encoded(fmt: str, mode: str = "RGB", size=(24, 16), **options) -> bytes:
    image = Image.new(mode, size, (30, 120, 60) if mode == "RGB" else 128)
    image.putpixel((0, 0), (255, 0, 0) if mode == "RGB" else 0)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


# Small real files of each accepted format, and of formats that must be refused.
REAL_IMAGES = {
    "jpeg-exif": ("photo.jpg", phone_jpeg(size=(40, 20))),
    "jpeg-progressive": ("photo.jpg", _encoded("JPEG", progressive=True)),
    "png": ("photo.png", _encoded("PNG")),
    "png-palette": ("photo.png", _encoded("PNG", mode="P")),
    "png-grey": ("photo.png", _encoded("PNG", mode="L")),
    "webp": ("photo.webp", _encoded("WEBP")),
    "webp-lossless": ("photo.webp", _encoded("WEBP", lossless=True)),
    "gif": ("photo.gif", _encoded("GIF")),
    "bmp": ("photo.bmp", _encoded("BMP")),
    "tiff": ("photo.jpg", _encoded("TIFF")),
}


def _qr_photo(fmt: str) -> bytes:
    """A VietQR code as a phone photo of it would be: scaled, greyish, in JPEG or PNG."""
    from payments import vietqr
    from payments.qr import render_png

    payload = vietqr.encode(vietqr.VietQR(bank_bin="970436", account="1023456789"))
    image = Image.open(io.BytesIO(render_png(payload, scale=4))).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=85)
    return buffer.getvalue()


QR_IMAGES = {
    "qr-jpeg": ("qr.jpg", _qr_photo("JPEG")),
    "qr-png": ("qr.png", _qr_photo("PNG")),
    "qr-webp": ("qr.webp", _qr_photo("WEBP")),
}
NAMES = ["photo.jpg", "photo.jpeg", "photo.png", "photo.webp", "photo.pdf", "photo", "photo.JPG"]


MUTATIONS = ["overwrite", "overwrite", "truncate", "insert", "delete", "header"]
mutation = st.tuples(
    st.sampled_from(MUTATIONS),
    st.integers(0, 2**16),  # a position, taken modulo the length
    st.binary(min_size=1, max_size=64),
    st.integers(1, 64),
)


def mutate(data: bytes, mutations) -> bytes:
    """Apply ``mutations`` (drawn independently of the file, so a file whose bytes change from
    run to run, like a freshly written workbook, still shrinks and replays)."""
    data = bytearray(data)
    for kind, position, chunk, length in mutations:
        if not data:
            break
        at = position % len(data)
        if kind == "truncate":
            del data[at:]
        elif kind == "overwrite":
            data[at : at + min(len(chunk), 8)] = chunk[:8]
        elif kind == "insert":
            data[at:at] = chunk
        elif kind == "delete":
            del data[at : at + length]
        else:  # the first 40 bytes hold the signature and, for PNG/GIF/BMP, the size
            data[position % min(40, len(data))] = chunk[0]
    return bytes(data)


@st.composite
def damaged(draw, originals: dict[str, tuple[str, bytes]] = REAL_IMAGES) -> tuple[str, bytes]:
    """A real file truncated, with bytes overwritten, inserted or removed, or its header bytes
    changed; under its own name or another."""
    name, data = originals[draw(st.sampled_from(sorted(originals)))]
    data = mutate(data, draw(st.lists(mutation, max_size=3)))
    if draw(st.booleans()):
        name = draw(st.sampled_from(NAMES))
    return name, data


def uploads(originals: dict[str, tuple[str, bytes]] = REAL_IMAGES):
    return st.one_of(damaged(originals), _junk)


_junk = st.one_of(
    st.tuples(st.sampled_from(NAMES), st.binary(max_size=600)),
    st.tuples(
        st.sampled_from(NAMES),
        st.sampled_from(
            [
                b"\xff\xd8\xff",
                b"\x89PNG\r\n\x1a\n",
                b"RIFF\x00\x00\x00\x00WEBP",
                b"%PDF-",
                b"GIF89a",
                b"BM",
            ]
        ).flatmap(  # fmt: skip
            lambda magic: st.binary(max_size=300).map(lambda rest: magic + rest)
        ),
    ),
)
