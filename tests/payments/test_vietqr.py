"""payments.vietqr: the published NAPAS vectors, validation, transliteration and fuzzing."""

from __future__ import annotations

import json
import string
import unicodedata
from dataclasses import asdict, replace

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from payments.vietqr import (
    MAX_AMOUNT,
    VietQR,
    VietQRError,
    crc16,
    decode,
    encode,
    to_ascii,
)
from tests.conftest import TEST_DATA

VECTORS = json.loads((TEST_DATA / "vietqr-vectors.json").read_text(encoding="utf-8"))


def with_crc(body: str) -> str:
    """``body`` (everything before tag 63) completed with a correct CRC."""
    body += "6304"
    return body + crc16(body)


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


NAPAS_ACB = tlv("38", "0010A000000727" + tlv("01", "0006970416" + tlv("01", "257678859")))


# --- Shared vectors ------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=lambda v: v["name"])
def test_valid_vector_decodes_to_expected_fields(vector):
    assert asdict(decode(vector["payload"])) == vector["expected"]


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=lambda v: v["name"])
def test_valid_vector_re_encodes_byte_for_byte(vector):
    assert encode(decode(vector["payload"])) == vector["payload"]


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=lambda v: v["name"])
def test_valid_vector_built_from_expected_fields_encodes_to_payload(vector):
    assert encode(VietQR(**vector["expected"])) == vector["payload"]


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=lambda v: v["name"])
def test_lower_case_crc_is_accepted(vector):
    payload = vector["payload"]
    lowered = payload[:-4] + payload[-4:].lower()
    assert decode(lowered) == decode(payload)


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=lambda v: v["name"])
def test_invalid_vector_is_rejected(vector):
    with pytest.raises(VietQRError):
        decode(vector["payload"])


@pytest.mark.parametrize("vector", VECTORS["other_emvco_valid_crc"], ids=lambda v: v["name"])
def test_other_emvco_code_has_valid_crc_but_is_not_vietqr(vector):
    payload = vector["payload"]
    assert crc16(payload[:-4]) == payload[-4:]
    with pytest.raises(VietQRError) as caught:
        decode(payload)
    assert caught.value.code == "not_vietqr"


# --- CRC -----------------------------------------------------------------------------------------


def bitwise_crc(data: bytes) -> int:
    """CRC-16/CCITT-FALSE one bit at a time, straight from the definition, as a reference."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def test_crc_check_value():
    assert crc16("123456789") == "29B1"


@given(st.text(max_size=300))
@example("")
def test_crc_matches_bitwise_definition(text):
    assert crc16(text) == f"{bitwise_crc(text.encode('utf-8')):04X}"


# --- Encoding ------------------------------------------------------------------------------------


def test_dynamic_defaults_to_amount_presence():
    assert encode(VietQR("970436", "0123456789")).startswith("000201010211")
    assert encode(VietQR("970436", "0123456789", amount=150_000)).startswith("000201010212")
    # An explicit choice wins: a dynamic code without amount, a static one with it.
    assert encode(VietQR("970436", "0123456789", dynamic=True)).startswith("000201010212")
    static_with_amount = encode(VietQR("970436", "0123456789", amount=5_000, dynamic=False))
    assert static_with_amount.startswith("000201010211")
    assert decode(static_with_amount).amount == 5_000


def test_additional_fields_are_written_in_sub_tag_order():
    payload = encode(
        VietQR(
            "970436",
            "0123456789",
            amount=150_000,
            purpose="P",
            reference="R",
            bill_number="B",
            store_label="S",
            terminal="T",
        )
    )
    assert "62250101B0301S0501R0701T0801P6304" in payload


def test_transliterates_vietnamese_free_text():
    qr = VietQR(
        "970436",
        "0123456789",
        amount=150_000,
        purpose="Thanh toán đơn hàng",
        reference="Đơn 12",
        merchant_name="Chè Tân Cương",
        merchant_city="Thái Nguyên",
    )
    decoded = decode(encode(qr))
    assert decoded.purpose == "Thanh toan don hang"
    assert decoded.reference == "Don 12"
    assert decoded.merchant_name == "Che Tan Cuong"
    assert decoded.merchant_city == "Thai Nguyen"
    assert encode(qr).isascii()


def test_text_that_transliterates_to_nothing_is_left_out():
    payload = encode(VietQR("970436", "0123456789", purpose="🍵", merchant_name=""))
    assert "62" not in payload[payload.index("5802VN") :]
    assert decode(payload).purpose is None


def test_length_limits_apply_after_transliteration():
    # 25 accented characters become 25 ASCII ones, which fit.
    assert decode(encode(VietQR("970436", "1", purpose="đ" * 25))).purpose == "d" * 25


ADDITIONAL_FIELDS = ("purpose", "reference", "bill_number", "store_label", "terminal")
VALID = VietQR("970436", "0123456789", amount=150_000, purpose="Tien che")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"bank_bin": "97043"}, "bank_bin"),
        ({"bank_bin": "9704360"}, "bank_bin"),
        ({"bank_bin": "97043a"}, "bank_bin"),
        ({"bank_bin": "９７０４３６"}, "bank_bin"),  # full-width digits are not ASCII digits
        ({"bank_bin": 970436}, "bank_bin"),
        ({"account": ""}, "account"),
        ({"account": "1" * 20}, "account"),
        ({"account": "0123 4567"}, "account"),
        ({"account": "Đức123"}, "account"),
        ({"amount": 0}, "amount"),
        ({"amount": -1}, "amount"),
        ({"amount": MAX_AMOUNT + 1}, "amount"),
        ({"amount": 1500.0}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": "150000"}, "amount"),
        ({"service": "QRIBFTTX"}, "service"),
        ({"merchant_category": "581"}, "merchant_category"),
        ({"merchant_category": "58a2"}, "merchant_category"),
        ({"merchant_name": "x" * 26}, "too_long"),
        ({"merchant_city": "x" * 16}, "too_long"),
        ({"purpose": "x" * 26}, "too_long"),
        ({"reference": "x" * 26}, "too_long"),
        ({"bill_number": "x" * 26}, "too_long"),
        ({"store_label": "x" * 26}, "too_long"),
        ({"terminal": "x" * 26}, "too_long"),
        ({"purpose": 12}, "type"),
        ({"dynamic": "yes"}, "type"),
        # Five full sub-fields: 5 × (4 + 25) = 145 characters, more than tag 62 can hold.
        (dict.fromkeys(ADDITIONAL_FIELDS, "x" * 25), "too_long"),
    ],
)
def test_encode_rejects_values_outside_the_spec(changes, code):
    with pytest.raises(VietQRError) as caught:
        encode(replace(VALID, **changes))
    assert caught.value.code == code
    assert str(caught.value)  # a message a developer can read


def test_encode_maximum_amount_and_lengths_fit():
    qr = VietQR(
        "970436",
        "A" * 19,
        amount=MAX_AMOUNT,
        purpose="p" * 25,
        reference="r" * 25,
        bill_number="b" * 25,
        merchant_name="n" * 25,
        merchant_city="c" * 15,
        merchant_category="5812",
    )
    payload = encode(qr)
    assert len(payload) <= 512
    assert decode(payload) == replace(qr, dynamic=True)


def test_encode_rejects_non_vietqr_argument():
    with pytest.raises(VietQRError):
        encode("00020101021138530010A000000727")  # type: ignore[arg-type]


# --- Transliteration -----------------------------------------------------------------------------

_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = {"a": "aăâ", "e": "eê", "i": "i", "o": "oôơ", "u": "uư", "y": "y"}


@pytest.mark.parametrize("plain", sorted(_VOWELS))
def test_every_vietnamese_vowel_and_tone_maps_to_its_base_letter(plain):
    for vowel in _VOWELS[plain]:
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            assert to_ascii(letter) == plain
            assert to_ascii(letter.upper()) == plain.upper()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanh toán đơn hàng", "Thanh toan don hang"),
        ("ĐẶNG VĂN ĐỨC", "DANG VAN DUC"),
        ("Nguyễn Thị Hồng Nhung", "Nguyen Thi Hong Nhung"),
        ("Chè\tTân\nCương", "Che Tan Cuong"),
        ("Tiền chè 🍵", "Tien che "),
        # Decomposed input (as some phones send it) gives the same result.
        (unicodedata.normalize("NFD", "Hùng Sơn"), "Hung Son"),
        ("already ascii", "already ascii"),
    ],
)
def test_to_ascii(text, expected):
    assert to_ascii(text) == expected


@given(st.text())
def test_to_ascii_output_is_printable_ascii(text):
    result = to_ascii(text)
    assert result.isascii()
    assert result.isprintable()


# --- Decoding: specific rejections ---------------------------------------------------------------


def napas(account_template: str, extra: str = "") -> str:
    """Tag 38 around a beneficiary template (38.01) and optional extra sub-fields."""
    return tlv("38", "0010A000000727" + tlv("01", account_template) + extra)


STATIC = "000201010211"
DYNAMIC = "000201010212"
VN_DONG = "5303704" + "5802VN"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (with_crc(STATIC + NAPAS_ACB + "5303840" + "5802VN"), "currency"),
        (with_crc(STATIC + NAPAS_ACB + "5303704" + "5802TH"), "country"),
        (with_crc(DYNAMIC + NAPAS_ACB + "5303704" + "540710000.5" + "5802VN"), "amount"),
        (with_crc(DYNAMIC + NAPAS_ACB + "5303704" + "54010" + "5802VN"), "amount"),
        (with_crc(DYNAMIC + NAPAS_ACB + "5303704" + "5405-1000" + "5802VN"), "amount"),
        (with_crc(DYNAMIC + NAPAS_ACB + "5303704" + "540501000" + "5802VN"), "amount"),
        (with_crc(DYNAMIC + NAPAS_ACB + "5303704" + tlv("54", "１０００") + "5802VN"), "amount"),
        (with_crc(STATIC + NAPAS_ACB + "5802VN"), "missing"),
        (with_crc(STATIC + NAPAS_ACB + "5303704"), "missing"),
        (with_crc("000201" + NAPAS_ACB + VN_DONG), "missing"),
        (with_crc("000201010213" + NAPAS_ACB + VN_DONG), "format"),
        (with_crc(STATIC + VN_DONG), "not_vietqr"),
        (with_crc(STATIC + NAPAS_ACB.replace("A000000727", "A000000728") + VN_DONG), "not_vietqr"),
        (with_crc(STATIC + tlv("38", "0010A000000727") + VN_DONG), "missing"),
        (with_crc(STATIC + napas("0006970416") + VN_DONG), "missing"),
        (with_crc(STATIC + napas("000597041" + tlv("01", "1")) + VN_DONG), "bank_bin"),
        (with_crc(STATIC + napas("0006970416" + tlv("01", "12-34")) + VN_DONG), "account"),
        (with_crc(STATIC + napas("0006970416" + tlv("01", "1"), "0204ABCD") + VN_DONG), "service"),
        # Nested lengths that do not add up, in 38, 38.01 and 62.
        (with_crc(STATIC + tlv("38", "0011A000000727") + VN_DONG), "format"),
        (
            with_crc(STATIC + tlv("38", "0010A000000727" + "0115" + "000697041601") + VN_DONG),
            "format",
        ),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + tlv("62", "0809abcde")), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + "6204080A"), "format"),
        # Top-level structure.
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + "5802VN"), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + "59"), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + "5900"), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + "6304ABCD"), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + tlv("59", "Phở")), "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + tlv("59", "x" * 26)), "too_long"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + tlv("62", tlv("08", "x" * 26))), "too_long"),
        (with_crc(STATIC + NAPAS_ACB + "5204ABCD" + VN_DONG), "merchant_category"),
        (with_crc("010211" + NAPAS_ACB + VN_DONG), "format"),
        (STATIC + NAPAS_ACB + VN_DONG, "format"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG)[:-4] + "12G4", "crc"),
        (with_crc(STATIC + NAPAS_ACB + VN_DONG + tlv("62", "x" * 99) * 5), "too_long"),
        ("", "empty"),
    ],
)
def test_decode_rejects(payload, code):
    with pytest.raises(VietQRError) as caught:
        decode(payload)
    assert caught.value.code == code


@pytest.mark.parametrize("value", [None, 42, b"000201", ["000201"], 3.5])
def test_decode_rejects_non_text(value):
    with pytest.raises(VietQRError) as caught:
        decode(value)
    assert caught.value.code == "type"


def test_decode_ignores_tags_it_does_not_model():
    # 64 (alternate language, may be UTF-8) and 80 (unreserved template) are legal EMVCo tags.
    payload = with_crc(
        STATIC
        + NAPAS_ACB
        + VN_DONG
        + tlv("62", tlv("02", "0912345678") + tlv("08", "Tra tien"))
        + tlv("64", "0002vi0106Chợ Số")
        + tlv("80", "0003abc")
    )
    qr = decode(payload)
    assert (qr.bank_bin, qr.account, qr.purpose) == ("970416", "257678859", "Tra tien")


def test_decode_accepts_tags_out_of_order():
    payload = with_crc("000201" + "5802VN" + "5303704" + NAPAS_ACB + "010211")
    assert decode(payload) == VietQR("970416", "257678859", service=None, dynamic=False)


def test_error_keeps_code_through_pickle():
    import pickle

    error = pickle.loads(pickle.dumps(VietQRError("bad", code="crc", field="amount")))
    assert (str(error), error.code, error.field) == ("bad", "crc", "amount")


# --- Properties ----------------------------------------------------------------------------------

_ASCII_TEXT = "".join(chr(c) for c in range(0x20, 0x7F))


def _text(limit: int):
    return st.none() | st.text(alphabet=_ASCII_TEXT, min_size=1, max_size=limit)


def _additional_length(qr: VietQR) -> int:
    fields = (qr.purpose, qr.reference, qr.bill_number, qr.store_label, qr.terminal)
    return sum(4 + len(value) for value in fields if value is not None)


vietqr_values = st.builds(
    VietQR,
    bank_bin=st.text(alphabet=string.digits, min_size=6, max_size=6),
    account=st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=19),
    service=st.sampled_from(["QRIBFTTA", "QRIBFTTC", "QRPUSH", None]),
    amount=st.none() | st.integers(min_value=1, max_value=MAX_AMOUNT),
    purpose=_text(25),
    reference=_text(25),
    bill_number=_text(25),
    store_label=_text(25),
    terminal=_text(25),
    merchant_category=st.none() | st.text(alphabet=string.digits, min_size=4, max_size=4),
    merchant_name=_text(25),
    merchant_city=_text(15),
    dynamic=st.sampled_from([True, False, None]),
).filter(lambda qr: _additional_length(qr) <= 99)


@given(vietqr_values)
@settings(suppress_health_check=[HealthCheck.filter_too_much])
def test_round_trip(qr):
    payload = encode(qr)
    expected = qr if qr.dynamic is not None else replace(qr, dynamic=qr.amount is not None)
    assert decode(payload) == expected
    assert encode(decode(payload)) == payload
    assert payload.isascii()
    assert len(payload) <= 512


@given(st.text(max_size=600))
@example("000201")
@example("0002016304")
@example("00020163041D3D")
@example("000201" + "9" * 400 + "6304")
def test_decode_arbitrary_text_raises_only_vietqr_error(text):
    try:
        decode(text)
    except VietQRError:
        pass


def _checked_decode(payload: str) -> None:
    """Decode must reject with VietQRError or return a value that survives a round trip."""
    try:
        qr = decode(payload)
    except VietQRError:
        return
    assert decode(encode(qr)) == qr


_PAYLOAD_CHARS = st.sampled_from("0123456789ABCDEFVNQRabc .-") | st.characters()


@st.composite
def mutated_payloads(draw):
    """A valid payload with one edit: a changed, inserted or deleted stretch of characters."""
    base = draw(
        st.sampled_from([v["payload"] for v in VECTORS["valid"]]) | vietqr_values.map(encode)
    )
    start = draw(st.integers(0, len(base)))
    end = draw(st.integers(start, min(len(base), start + 8)))
    insert = draw(st.text(alphabet=_PAYLOAD_CHARS, max_size=8))
    mutated = base[:start] + insert + base[end:]
    if draw(st.booleans()) and len(mutated) >= 8 and mutated[-8:-4] == "6304":
        # Fix the CRC so the edit reaches the TLV parser instead of stopping at the checksum.
        mutated = mutated[:-4] + crc16(mutated[:-4])
    return mutated


@given(mutated_payloads())
@settings(max_examples=500, suppress_health_check=[HealthCheck.filter_too_much])
def test_decode_of_mutated_payloads_raises_only_vietqr_error(payload):
    _checked_decode(payload)


@st.composite
def length_tampered_payloads(draw):
    """A valid payload with two digits overwritten somewhere before tag 63, CRC refreshed."""
    content = draw(vietqr_values.map(encode))[:-8]
    position = draw(st.integers(0, len(content) - 2))
    digits = draw(st.text(alphabet=string.digits, min_size=2, max_size=2))
    return with_crc(content[:position] + digits + content[position + 2 :])


@given(length_tampered_payloads())
@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
def test_decode_of_length_tampered_payloads_raises_only_vietqr_error(payload):
    _checked_decode(payload)


_ANY_VALUE = st.none() | st.text(max_size=30) | st.integers() | st.floats() | st.booleans()


@given(
    st.builds(
        VietQR,
        bank_bin=_ANY_VALUE | st.text(alphabet=string.digits, min_size=6, max_size=6),
        account=_ANY_VALUE,
        service=_ANY_VALUE | st.sampled_from(["QRIBFTTA", "QRPUSH"]) | st.lists(st.text()),
        amount=_ANY_VALUE,
        purpose=_ANY_VALUE,
        reference=_ANY_VALUE,
        merchant_category=_ANY_VALUE,
        merchant_name=_ANY_VALUE,
        dynamic=_ANY_VALUE,
    )
)
def test_encode_of_any_values_raises_only_vietqr_error(qr):
    try:
        payload = encode(qr)
    except VietQRError:
        return
    assert payload.isascii()
    decode(payload)


# Whole payloads built data object by data object, lengths and CRC right, values anything: they
# pass every framing check and reach the field rules (tags 38, 54, 52, 53, 58, 59, 60, 62).
_FIELD_VALUES = (
    st.sampled_from(["11", "12", "704", "VN", "150000", "0150000", "1e5", "-1", "00", "5812",
                     "\u0661\u0662", "\uff11", "9" * 14, "A0000007270", "QRIBFTTA", "970436"])
    | st.text(alphabet=string.digits, min_size=1, max_size=14)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
)  # fmt: skip


def _tlvs(tags, values=_FIELD_VALUES):
    return st.dictionaries(st.sampled_from(tags), values, max_size=len(tags)).map(
        lambda objects: "".join(
            f"{tag}{len(value):02d}{value}" for tag, value in objects.items() if len(value) < 100
        )
    )


_BINS = st.sampled_from(["970436", "970415", "970422", "970436", "123456", "97043", "97043a"])
_ACCOUNTS = st.sampled_from(["1023456789", "0001", "ABC123", "1" * 19, "1" * 20, "12 34"])


@st.composite
def _napas(draw) -> str:
    """Tag 38: the NAPAS GUID (usually right), the beneficiary's BIN and account (usually
    plausible), a service code, any of them sometimes missing or anything."""
    guid = draw(st.sampled_from(["A000000727", "A000000727", "A000000727", "A000000728"]))
    beneficiary = {"00": draw(_BINS), "01": draw(_ACCOUNTS)}
    if draw(st.integers(0, 4)) == 4:
        beneficiary[draw(st.sampled_from(["00", "01"]))] = draw(_FIELD_VALUES)
    if draw(st.integers(0, 5)) == 5:
        del beneficiary[draw(st.sampled_from(["00", "01"]))]
    inner = "".join(tlv(tag, value) for tag, value in beneficiary.items() if len(value) < 100)
    service = draw(st.sampled_from(["", "0208QRIBFTTA", "0206QRPUSH", "0204ABCD"]))
    return f"0010{guid}" + (tlv("01", inner) if 0 < len(inner) < 100 else "") + service


@st.composite
def framed_payloads(draw):
    objects = {
        "01": draw(st.sampled_from(["11", "12", "13"])),
        "38": draw(_napas()),
        "53": draw(st.sampled_from(["704", "704", "840", "70"])),
        "58": draw(st.sampled_from(["VN", "VN", "TH"])),
    }
    objects.update(draw(st.dictionaries(st.sampled_from(["52", "54", "59", "60"]), _FIELD_VALUES)))
    extra = draw(_tlvs(["01", "02", "03", "05", "07", "08", "09"]))
    if extra and len(extra) < 100 and draw(st.booleans()):
        objects["62"] = extra
    if draw(st.integers(0, 3)) == 3:
        del objects[draw(st.sampled_from(sorted(objects)))]
    body = "000201" + "".join(
        f"{tag}{len(value):02d}{value}" for tag, value in objects.items() if 0 < len(value) < 100
    )
    return with_crc(body)


@given(framed_payloads())
@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
def test_decode_of_well_framed_payloads_raises_only_vietqr_error(payload):
    try:
        qr = decode(payload)
    except VietQRError as error:
        event(f"refused: {error.code}")
        return
    event("decoded")
    assert decode(encode(qr)) == qr
