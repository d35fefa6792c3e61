"""payments.banks (the NAPAS registry, account checks) and payments.fields.BankAccountForm."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from payments.banks import (
    REGISTRY_PATH,
    Bank,
    BankAccountError,
    all_banks,
    bank_choices,
    get_bank,
    normalize_holder_name,
    validate_account,
)
from tests.conftest import TEST_DATA

PUBLIC_REGISTRY = TEST_DATA / "napas-banks.csv"  # the published NAPAS list


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- Registry ------------------------------------------------------------------------------------


def test_shipped_registry_agrees_with_the_published_list():
    shipped = read_rows(REGISTRY_PATH)
    published = read_rows(PUBLIC_REGISTRY)
    assert shipped == published
    assert {Bank(**row) for row in published} == set(all_banks())


def test_registry_bins_are_unique_six_digit_numbers():
    bins = [bank.bin for bank in all_banks()]
    assert len(bins) == len(set(bins)) == len(read_rows(PUBLIC_REGISTRY))
    assert all(len(b) == 6 and b.isdigit() for b in bins)


def test_all_banks_is_sorted_by_short_name_and_read_once():
    banks = all_banks()
    names = [bank.short_name.casefold() for bank in banks]
    assert names == sorted(names)
    assert all_banks() is banks


def test_get_bank():
    assert get_bank("970436") == Bank(
        "970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"
    )
    assert get_bank("970405").short_name == "Agribank"
    assert get_bank("000000") is None
    assert get_bank("") is None


def test_bank_choices_show_short_and_legal_name():
    choices = bank_choices()
    assert ("970436", "Vietcombank — Ngân hàng TMCP Ngoại thương Việt Nam") in choices
    assert [value for value, _label in choices] == [bank.bin for bank in all_banks()]


# --- Holder names and accounts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Văn Đức", "NGUYEN VAN DUC"),
        ("  trần   thị\tthu  hà ", "TRAN THI THU HA"),
        ("ĐẶNG THỊ ÁNH", "DANG THI ANH"),
        ("Hợp tác xã chè La Bằng", "HOP TAC XA CHE LA BANG"),
        ("NGUYEN VAN DUC", "NGUYEN VAN DUC"),
        ("", ""),
    ],
)
def test_normalize_holder_name(name, expected):
    assert normalize_holder_name(name) == expected


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("0123456789", "0123456789"),
        ("1903 0413 6010 18", "19030413601018"),
        ("0011-0123-45678", "0011012345678"),
        ("DUCNGUYEN88", "DUCNGUYEN88"),  # alias accounts are letters and digits
        ("1" * 19, "1" * 19),
    ],
)
def test_validate_account_accepts_and_normalises(account, expected):
    assert validate_account("970436", account) == expected


def test_validate_account_rejects_unknown_bank():
    with pytest.raises(BankAccountError) as caught:
        validate_account("999999", "0123456789")
    assert caught.value.code == "unknown_bank"


@pytest.mark.parametrize("account", ["", "   ", "1" * 20, "0123/456", "Đức123", "１２３４５６"])
def test_validate_account_rejects_bad_format(account):
    with pytest.raises(BankAccountError) as caught:
        validate_account("970436", account)
    assert caught.value.code == "account_format"


def test_pure_modules_import_without_django():
    # vietqr, banks, words and qr run in scripts and workers that never configure Django.
    code = (
        "import sys, payments.vietqr, payments.banks, payments.words, payments.qr; "
        "sys.exit('django' in sys.modules)"
    )
    code_root = REGISTRY_PATH.parents[2]  # the directory holding the payments package
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=code_root, check=False)
    assert result.returncode == 0


# --- BankAccountForm (Django) --------------------------------------------------------------------


def _django_ready() -> bool:
    """True under pytest-django (settings configured, apps loaded); False with ``-p no:django``."""
    try:
        from django.apps import apps
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured and apps.ready


needs_django = pytest.mark.skipif(
    not _django_ready(), reason="needs pytest-django and DJANGO_SETTINGS_MODULE"
)


def _form(**data):
    from payments.fields import BankAccountForm

    return BankAccountForm(
        data={
            "bank_bin": "970436",
            "account_number": "1023 4567 89",
            "holder_name": "Nguyễn Văn Đức",
            **data,
        }
    )


@needs_django
def test_form_cleans_account_and_holder_name():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "bank_bin": "970436",
        "account_number": "1023456789",
        "holder_name": "NGUYEN VAN DUC",
    }


@needs_django
def test_form_offers_every_registry_bank():
    from payments.fields import BankAccountForm

    assert list(BankAccountForm().fields["bank_bin"].choices) == bank_choices()


@needs_django
def test_form_rejects_bank_outside_registry():
    form = _form(bank_bin="999999")
    assert not form.is_valid()
    assert set(form.errors) == {"bank_bin"}


@needs_django
@pytest.mark.parametrize("account", ["0123/456", "1" * 20, "Đức123"])
def test_form_rejects_malformed_account(account):
    form = _form(account_number=account)
    assert not form.is_valid()
    assert set(form.errors) == {"account_number"}
    assert form.errors.as_data()["account_number"][0].code == "account_format"


@needs_django
def test_form_rejects_holder_name_without_letters():
    form = _form(holder_name="🍵 ")
    assert not form.is_valid()
    assert set(form.errors) == {"holder_name"}


@needs_django
def test_form_requires_every_field():
    from payments.fields import BankAccountForm

    form = BankAccountForm(data={})
    assert not form.is_valid()
    assert set(form.errors) == {"bank_bin", "account_number", "holder_name"}
