"""core/oscar_messages.py names Oscar's msgids exactly, so the project's catalogue overrides
Oscar's Vietnamese for them (a msgid spelt differently would silently override nothing)."""

from __future__ import annotations

import ast
from pathlib import Path

import oscar
from babel.messages.pofile import read_po

import core.oscar_messages

OSCAR_PO = Path(oscar.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def listed() -> list[tuple[str | None, str]]:
    tree = ast.parse(Path(core.oscar_messages.__file__).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [arg.value for arg in node.args]
            if node.func.id == "gettext_noop":
                found.append((None, args[0]))
            elif node.func.id == "pgettext_lazy":
                found.append((args[0], args[1]))
    return found


def test_every_listed_message_is_one_of_oscars():
    with open(OSCAR_PO, "rb") as po:
        oscar_ids = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(po) if m.id
        }
    entries = listed()
    assert len(entries) == len(core.oscar_messages.OSCAR_MESSAGES) > 30
    assert [entry for entry in entries if entry not in oscar_ids] == []


def test_the_issues_examples_are_listed():
    ids = {msgid.strip() for _context, msgid in listed()}
    assert {"In stock (%d available)", "Fulfilment", "New customers"} <= ids
    assert any(msgid.startswith("Your basket total is now") for msgid in ids)
    assert ("Buy again", "Re-order") in listed()
