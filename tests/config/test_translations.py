"""The translation catalogues: complete, consistent with their msgids, compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def messages(language: str):
    return [message for message in catalogue(language) if message.id]


def test_english_shows_the_english_text_itself():
    """English is the source language: a msgstr other than its msgid (left by a fuzzy merge)
    showed "This file is not a readable image." for "That action is not available here."."""
    wrong = [
        message.id
        for message in messages("en")
        if any(message.string) and message.string != message.id
    ]
    assert wrong == []


def test_vietnamese_is_complete_and_nothing_is_fuzzy():
    entries = messages("vi")
    assert [m.id for m in entries if m.fuzzy] == []
    untranslated = [m.id for m in entries if not all(m.string if m.pluralizable else [m.string])]
    assert untranslated == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_placeholders_match(language):
    problems = [(message.id, errors) for message, errors in catalogue(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for message in messages(language):
        if message.pluralizable:
            singular, plural = message.id
            got = compiled.ngettext(singular, plural, 1)
            want = message.string[0] or singular
        elif message.context:
            got = compiled.pgettext(message.context, message.id)
            want = message.string or message.id
        else:
            got, want = compiled.gettext(message.id), message.string or message.id
        if got != want:
            stale.append(message.id)
    assert stale == [], "run: manage.py compilemessages"
