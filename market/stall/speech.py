"""What the payment speaker says: "Đã nhận một trăm năm mươi nghìn đồng", as text for a
phone's own Vietnamese voice and as the sequence of recorded clips (``static/audio/vi/``) for a
phone without one. Pure Python: no Django import."""

from __future__ import annotations

from payments.words import amount_in_words_vi

__all__ = ["CLIPS", "announcement_clips", "announcement_text"]

RECEIVED = "đã nhận"
#: Every word ``amount_in_words_vi`` writes, and the two around it, to the clip that says it
#: (ASCII file names; the tones that tell "mười" from "mươi" and "một" from "mốt" kept apart).
CLIPS = {
    RECEIVED: "da-nhan",
    "không": "khong",
    "một": "mot",
    "mốt": "mot-sac",
    "hai": "hai",
    "ba": "ba",
    "bốn": "bon",
    "tư": "tu",
    "năm": "nam",
    "lăm": "lam",
    "sáu": "sau",
    "bảy": "bay",
    "tám": "tam",
    "chín": "chin",
    "mười": "muoi-huyen",
    "mươi": "muoi",
    "linh": "linh",
    "trăm": "tram",
    "nghìn": "nghin",
    "triệu": "trieu",
    "tỷ": "ty",
    "đồng": "dong",
}


def announcement_text(amount: int) -> str:
    """``150000`` → ``"Đã nhận một trăm năm mươi nghìn đồng"`` (words, so any voice reads it
    the same way instead of guessing at "150.000")."""
    return f"Đã nhận {amount_in_words_vi(amount).lower()}"


def announcement_clips(amount: int) -> list[str]:
    """``150000`` → ``["da-nhan", "mot", "tram", "nam", "muoi", "nghin", "dong"]``."""
    return [CLIPS[RECEIVED], *(CLIPS[word] for word in amount_in_words_vi(amount).lower().split())]
