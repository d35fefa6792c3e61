"""The NAPAS bank registry (BIN → bank) and checks on the bank accounts stalls get paid into.

Pure Python: the registry ships as ``payments/data/napas-banks.csv`` and is read once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from payments.vietqr import MAX_ACCOUNT, to_ascii

__all__ = [
    "REGISTRY_PATH",
    "Bank",
    "BankAccountError",
    "all_banks",
    "bank_choices",
    "get_bank",
    "normalize_account",
    "normalize_holder_name",
    "validate_account",
]

REGISTRY_PATH = Path(__file__).resolve().parent / "data" / "napas-banks.csv"


@dataclass(frozen=True)
class Bank:
    bin: str  # 6-digit NAPAS BIN, the bank's id inside a VietQR code
    short_name: str  # what people call it: "Vietcombank"
    name: str  # legal Vietnamese name

    @property
    def label(self) -> str:
        return f"{self.short_name} — {self.name}"


class BankAccountError(ValueError):
    """An account a payment cannot go to; ``code`` is ``unknown_bank`` or ``account_format``."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@cache
def _registry() -> tuple[tuple[Bank, ...], dict[str, Bank]]:
    with REGISTRY_PATH.open(encoding="utf-8", newline="") as handle:
        banks = [
            Bank(
                bin=row["bin"].strip(),
                short_name=row["short_name"].strip(),
                name=row["name"].strip(),
            )
            for row in csv.DictReader(handle)
        ]
    banks.sort(key=lambda bank: (bank.short_name.casefold(), bank.bin))
    return tuple(banks), {bank.bin: bank for bank in banks}


def all_banks() -> tuple[Bank, ...]:
    """Every bank in the registry, sorted by short name (the order people look for them in)."""
    return _registry()[0]


def get_bank(bin: str) -> Bank | None:
    return _registry()[1].get(bin)


def bank_choices() -> list[tuple[str, str]]:
    """``(bin, "Vietcombank — Ngân hàng TMCP Ngoại thương Việt Nam")`` pairs for a select box."""
    return [(bank.bin, bank.label) for bank in all_banks()]


def normalize_holder_name(name: str) -> str:
    """The holder name as banks print it: "Nguyễn Văn  Đức" → "NGUYEN VAN DUC"."""
    return " ".join(to_ascii(name).upper().split())


def normalize_account(account: str) -> str:
    """The account number without the spaces, dots and dashes people and banks put between
    digit groups, letters upper-cased: the one form accounts are stored and compared in."""
    return "".join(char for char in account if char not in " .-\t\u00a0").upper()


def validate_account(bin: str, account: str) -> str:
    """Check that ``bin`` is a known bank and ``account`` fits a VietQR code.

    Returns the normalised account number (grouping characters removed); raises
    BankAccountError otherwise.
    """
    if get_bank(bin) is None:
        raise BankAccountError(
            f"No bank with BIN {bin!r} in the NAPAS registry.", code="unknown_bank"
        )
    cleaned = normalize_account(account)
    if not (1 <= len(cleaned) <= MAX_ACCOUNT and cleaned.isascii() and cleaned.isalnum()):
        raise BankAccountError(
            f"An account number is 1 to {MAX_ACCOUNT} letters or digits.", code="account_format"
        )
    return cleaned
