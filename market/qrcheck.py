"""The fake-QR check: is this sticker the stall's own registered QR?

Reads only. A payload (pasted, or decoded from a photo with zxing-cpp) gets one verdict:
registered to stall X · the account differs from the stall's registered one (possible fake
sticker) · a stall's old, replaced account · not a registered stall QR · not a VietQR at all.
Which stall a sticker claims to be comes from the verification code printed on the standee,
or from the stall page a stallholder started from.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import zxingcpp
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.images import MAX_PIXELS, TOO_MANY_PIXELS, check_header
from market.models import QRVerdict, Stall, StallQR
from payments import vietqr

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = MAX_PIXELS  # the cap of every uploaded picture (core.images)
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
DECODE_SIDE = 2000  # larger photos are scaled down first: quicker, and QR still readable


@dataclass
class QRCheck:
    verdict: str
    payload: str
    scanned: vietqr.VietQR | None = None
    stall: Stall | None = None  # the stall the verdict is about
    registered: StallQR | None = None  # that stall's registered (active) QR, if any
    matched: StallQR | None = None  # the registry entry the scanned code matched
    problem: str = ""  # why it is not a VietQR

    @property
    def market(self):
        return self.stall.market if self.stall is not None else None

    @property
    def is_good(self) -> bool:
        return self.verdict == QRVerdict.REGISTERED

    @property
    def reportable(self) -> bool:
        return self.verdict != QRVerdict.REGISTERED


def _registry_entry(**filters) -> StallQR | None:
    return (
        StallQR.objects.filter(**filters)
        .select_related("stall__market__commune__province")
        .order_by("-is_active", "-registered_at")
        .first()
    )


def claimed_stall(*, code: str = "", stall_id: int | None = None) -> Stall | None:
    """The stall a sticker claims to be: by the standee's verification code, or by id."""
    if code:
        entry = _registry_entry(verification_code=code.upper())
        if entry is not None:
            return entry.stall
    if stall_id:
        return Stall.objects.select_related("market__commune__province").filter(pk=stall_id).first()
    return None


def check_payload(payload: str, *, claimed: Stall | None = None) -> QRCheck:
    payload = (payload or "").strip()
    try:
        scanned = vietqr.decode(payload)
    except vietqr.VietQRError as error:
        problem = {
            "crc": _("The code is damaged or was altered (its checksum does not match)."),
            "not_vietqr": _("It is a payment code, but not a Vietnamese bank-transfer code."),
        }.get(error.code, _("It is not a bank-transfer QR code."))
        return QRCheck(QRVerdict.NOT_VIETQR, payload, stall=claimed, problem=str(problem))

    account_filter = {"bank_bin": scanned.bank_bin, "account_number": scanned.account}
    if claimed is not None:
        registered = StallQR.objects.filter(stall=claimed, is_active=True).first()
        if registered is not None and (registered.bank_bin, registered.account_number) == (
            scanned.bank_bin,
            scanned.account,
        ):
            return QRCheck(
                QRVerdict.REGISTERED, payload, scanned, claimed, registered, matched=registered
            )
        old = _registry_entry(stall=claimed, is_active=False, **account_filter)
        if old is not None:
            return QRCheck(QRVerdict.OLD_ACCOUNT, payload, scanned, claimed, registered, old)
        return QRCheck(QRVerdict.MISMATCH, payload, scanned, claimed, registered)

    # No claim: whose account is this? The exact payload first, then bank + account (a sticker
    # made by the stallholder's banking app may add a name but pays the same account).
    entry = _registry_entry(payload=payload, is_active=True) or _registry_entry(
        is_active=True, **account_filter
    )
    if entry is not None:
        return QRCheck(QRVerdict.REGISTERED, payload, scanned, entry.stall, entry, entry)
    old = _registry_entry(is_active=False, **account_filter)
    if old is not None:
        current = StallQR.objects.filter(stall=old.stall, is_active=True).first()
        return QRCheck(QRVerdict.OLD_ACCOUNT, payload, scanned, old.stall, current, old)
    return QRCheck(QRVerdict.UNREGISTERED, payload, scanned)


def decode_photo(upload) -> str:
    """The QR text in an uploaded photo; ValidationError with a clear message otherwise."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="photo_size")
    if size == 0:
        raise ValidationError(_("The photo is empty."), code="photo_content")
    try:
        check_header(upload, formats=PHOTO_FORMATS)  # the pixel cap, before any decoding
    except ValidationError as exc:
        if exc.code == "photo_bomb":
            raise ValidationError(TOO_MANY_PIXELS, code="photo_pixels") from None
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                if opened.format not in PHOTO_FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG and WebP photos are accepted."), code="photo_type"
                    )
                width, height = opened.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS, code="photo_pixels")
                if opened.format == "JPEG":
                    opened.draft("L", (DECODE_SIDE, DECODE_SIDE))  # decode at a reduced scale
                opened.load()
                image = ImageOps.exif_transpose(opened).convert("L")
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError):  # fmt: skip
        raise ValidationError(
            _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image."),
            code="photo_content",
        ) from None
    if max(image.size) > DECODE_SIDE:
        image.thumbnail((DECODE_SIDE, DECODE_SIDE), Image.Resampling.LANCZOS)
    try:
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # zxing-cpp's own error types for pathological images
        results = []
    for result in results:
        if result.valid and result.text:
            return result.text
    raise ValidationError(
        _(
            "No QR code found in the photo. Take it straight on, close enough that the code "
            "fills most of the picture, in good light."
        ),
        code="no_qr",
    )
