"""Producers (bank account, slugs) and certifications (holder, stars, expiry, documents)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from catalog.models import Certification, Producer
from catalog.validators import validate_certificate_document
from tests import factories

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, "PNG")
    return buffer.getvalue()


# --- Producer -----------------------------------------------------------------------------


def test_producer_slug_is_ascii_unique_and_survives_a_rename(client):
    first = factories.producer(name="HTX Chè Tân Cương", slug="")
    assert first.slug == "htx-che-tan-cuong"
    from oscar.core.loading import get_model

    partner = get_model("partner", "Partner").objects.create(name="x", code="other")
    second = Producer.objects.create(
        partner=partner, name="HTX Chè Tân Cương", kind="cooperative", province=first.province
    )
    assert second.slug == "htx-che-tan-cuong-2"

    first.name = "HTX Chè Tân Cương Hoàng Bình"
    first.save()
    first.refresh_from_db()
    assert first.slug == "htx-che-tan-cuong"
    assert client.get("/shop/producers/htx-che-tan-cuong/").status_code == 200


def test_changed_producer_slug_redirects_from_the_old_address(client):
    producer = factories.producer(name="Hộ chè Hoàng Nông", slug="ho-che-hoang-nong")
    producer.slug = "ho-che-hoang-nong-dai-tu"
    producer.save()
    response = client.get("/shop/producers/ho-che-hoang-nong/")
    assert response.status_code == 301
    assert response["Location"] == "/shop/producers/ho-che-hoang-nong-dai-tu/"
    assert client.get("/shop/producers/khong-co/").status_code == 404


def test_bank_account_is_validated_and_holder_normalised():
    producer = factories.producer()
    producer.bank_bin, producer.account_number = "970436", "0281 000 456 789"
    producer.account_holder = "Nguyễn  Văn Đức"
    producer.full_clean()
    producer.save()
    producer.refresh_from_db()
    assert producer.account_number == "0281000456789"
    assert producer.account_holder == "NGUYEN VAN DUC"
    assert producer.has_bank_account


@pytest.mark.parametrize(
    "bank_bin,account,holder,field",
    [
        ("999999", "123456", "A", "bank_bin"),
        ("970436", "12345678901234567890", "A", "account_number"),
        ("970436", "12#45", "A", "account_number"),
        ("970436", "", "A", "__all__"),
    ],
)
def test_bad_bank_accounts_are_refused(bank_bin, account, holder, field):
    producer = factories.producer()
    producer.bank_bin, producer.account_number, producer.account_holder = bank_bin, account, holder
    with pytest.raises(ValidationError) as error:
        producer.full_clean()
    assert field in error.value.message_dict


def test_assistants_are_community_team_members_who_act_for_producers(django_user_model):
    helper = django_user_model.objects.create_user("to.cns", password="x")
    producer = factories.producer()
    producer.assistants.add(helper)
    assert list(helper.assisted_producers.all()) == [producer]


# --- Certification ------------------------------------------------------------------------


def test_ocop_certificate_is_valid_for_36_months():
    product = factories.product()
    cert = factories.certification(product=product, issued_on=datetime.date(2023, 5, 1))
    assert cert.valid_until == datetime.date(2026, 4, 30)
    assert cert.is_valid(datetime.date(2026, 4, 30))
    assert not cert.is_valid(datetime.date(2026, 5, 1))
    assert not cert.is_valid(datetime.date(2023, 4, 30))  # not yet issued
    assert list(Certification.objects.valid(datetime.date(2026, 4, 30))) == [cert]
    assert list(Certification.objects.expired(datetime.date(2026, 5, 1))) == [cert]


def test_ocop_expiry_is_computed_even_if_someone_types_another():
    cert = factories.certification(
        product=factories.product(),
        issued_on=datetime.date(2024, 2, 29),
        valid_until=datetime.date(2040, 1, 1),
    )
    assert cert.valid_until == datetime.date(2027, 2, 27)


def test_other_certificates_may_have_no_expiry():
    cert = factories.certification(
        producer=factories.producer(), kind="gi", name="Tân Cương", stars=None
    )
    assert cert.valid_until is None and cert.is_valid() and not cert.is_expired
    assert str(cert) == "Chỉ dẫn địa lý / nhãn hiệu tập thể Tân Cương"


def test_expired_flag():
    old = timezone.localdate() - datetime.timedelta(days=40 * 31)
    cert = factories.certification(product=factories.product(), issued_on=old)
    assert cert.is_expired and not cert.is_valid()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"producer": "p", "product": "x"}, "__all__"),
        ({"producer": None, "product": None}, "__all__"),
        ({"kind": "ocop", "ocop_stars": 2}, "ocop_stars"),
        ({"kind": "ocop", "ocop_stars": None}, "ocop_stars"),
        ({"kind": "vietgap", "ocop_stars": 4}, "ocop_stars"),
        (
            {"kind": "vietgap", "ocop_stars": None, "valid_until": datetime.date(2000, 1, 1)},
            "valid_until",
        ),
    ],
)
def test_certification_rules_give_clear_errors(changes, field):
    producer, product = factories.producer(), factories.product()
    values = {"producer": producer, "product": None, "kind": "ocop", "ocop_stars": 4}
    values.update(changes)
    values["producer"] = producer if values["producer"] == "p" else values["producer"]
    values["product"] = product if values["product"] == "x" else values["product"]
    cert = Certification(
        certificate_number="N1",
        issued_on=datetime.date(2025, 1, 1),
        document=ContentFile(b"%PDF-1.4", name="c.pdf"),
        **values,
    )
    with pytest.raises(ValidationError) as error:
        cert.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    "values",
    [
        {"producer": True, "product": True, "kind": "gi", "ocop_stars": None},
        {"producer": False, "product": False, "kind": "gi", "ocop_stars": None},
        {"producer": True, "product": False, "kind": "ocop", "ocop_stars": 6},
        {"producer": True, "product": False, "kind": "ocop", "ocop_stars": None},
        {"producer": True, "product": False, "kind": "organic", "ocop_stars": 3},
    ],
)
def test_database_constraints_hold_without_clean(values):
    producer, product = factories.producer(), factories.product()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            producer=producer if values["producer"] else None,
            product=product if values["product"] else None,
            kind=values["kind"],
            ocop_stars=values["ocop_stars"],
            certificate_number="N",
            issued_on=datetime.date(2025, 1, 1),
            document="certifications/x.pdf",
        )


# --- Documents ----------------------------------------------------------------------------


def test_pdf_and_image_documents_are_accepted():
    validate_certificate_document(SimpleUploadedFile("giay.pdf", b"%PDF-1.7\n..."))
    validate_certificate_document(SimpleUploadedFile("giay.PNG", png_bytes()))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("giay.exe", b"MZ", "PDF hoặc ảnh"),
        ("giay.pdf", b"<html>not a pdf", "không phải tài liệu PDF"),
        ("giay.jpg", b"%PDF-1.4 renamed", "không phải ảnh đọc được"),
        ("giay.jpg", png_bytes(), "không khớp"),
        ("giay.png", b"\x89PNG\r\n\x1a\n broken", "không phải ảnh đọc được"),
    ],
)
def test_bad_documents_are_refused_with_a_translated_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_certificate_document(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_documents_over_10_mb_are_refused():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_certificate_document(upload)
    assert "10 MB" in error.value.messages[0]
