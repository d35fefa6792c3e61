"""Transfer references ("CS7K2P9Q"): short, typed by nobody, found again in mangled bank text.

A reference is ``CS`` + 5 random symbols + 1 check symbol over Crockford's base-32 alphabet
(no I, L, O, U). Banks upper-case, squash spaces and wrap the transfer content in their own
prefixes (``MBVCB.3278.CS7K2P9Q.CT tu 0123…``); the check symbol lets us pick the reference
out of such text without false matches on random letters. Pure Python.
"""

from __future__ import annotations

import re
import secrets

PREFIX = "CS"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 5
LENGTH = len(PREFIX) + BODY_LENGTH + 1
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_CANDIDATE = re.compile(f"(?=({PREFIX}[{ALPHABET}]{{{BODY_LENGTH + 1}}}))")


def _check_symbol(body: str) -> str:
    # Weighted sum mod 31 (prime), so any single substitution or adjacent swap changes it.
    total = sum((position + 2) * _VALUE[char] for position, char in enumerate(body))
    return ALPHABET[total % 31]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return f"{PREFIX}{body}{_check_symbol(body)}"


def is_valid_reference(text: str) -> bool:
    return (
        len(text) == LENGTH
        and text.startswith(PREFIX)
        and all(char in _VALUE for char in text[len(PREFIX) :])
        and _check_symbol(text[len(PREFIX) : -1]) == text[-1]
    )


def squash(content: str) -> str:
    """Upper-case letters and digits only: what survives every bank's mangling."""
    return "".join(char for char in content.upper() if char.isascii() and char.isalnum())


def find_references(content: str) -> list[str]:
    """Every valid reference inside transfer content, in order of appearance, no repeats."""
    found: list[str] = []
    for match in _CANDIDATE.finditer(squash(content)):
        candidate = match.group(1)
        if is_valid_reference(candidate) and candidate not in found:
            found.append(candidate)
    return found
