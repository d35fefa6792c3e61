"""Money in Vietnamese words: "Một trăm năm mươi nghìn đồng" (figures: ``core.money``).

Pure Python; used on printed QR standees and payment slips, where the amount in words guards
against a misread digit.
"""

from __future__ import annotations

__all__ = ["amount_in_words_vi"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_UNITS = ("", " nghìn", " triệu")  # above triệu the reading restarts with "tỷ"
_BILLION = 1_000_000_000


def _read_group(number: int, *, leading: bool) -> str:
    """Read 0 < number < 1000. A group after a larger one keeps its zeros: "không trăm linh năm"."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        # After "mươi": 1 is "mốt", 4 is "tư", 5 is "lăm" (hai mươi mốt, hai mươi tư, hai mươi lăm).
        words.append({0: "", 1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return " ".join(word for word in words if word)


def _read(number: int, *, leading: bool) -> str:
    """Read 0 < number, skipping zero groups ("một triệu không trăm linh năm nghìn")."""
    if number >= _BILLION:
        billions, rest = divmod(number, _BILLION)
        text = _read(billions, leading=leading) + " tỷ"
        return f"{text} {_read(rest, leading=False)}" if rest else text
    groups = []
    index = 0
    while number:
        number, group = divmod(number, 1000)
        groups.append((group, index))
        index += 1
    parts = []
    for position, (group, unit) in enumerate(reversed(groups)):
        if group:
            is_first = position == 0 and leading
            parts.append(_read_group(group, leading=is_first) + _GROUP_UNITS[unit])
    return " ".join(parts)


def amount_in_words_vi(amount: int) -> str:
    """``150000`` → ``"Một trăm năm mươi nghìn đồng"`` (Northern reading: nghìn, linh)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError("amount must be a non-negative whole number of dong")
    text = _read(amount, leading=True) if amount else _DIGITS[0]
    return text[0].upper() + text[1:] + " đồng"
