"""What the payment speaker says, and the recorded clips that say it on any phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.stall.speech import CLIPS, announcement_clips, announcement_text

CLIP_DIR = Path(__file__).resolve().parents[2] / "static" / "audio" / "vi"


@pytest.mark.parametrize(
    "amount, text, clips",
    [
        (150_000, "Đã nhận một trăm năm mươi nghìn đồng", "mot tram nam muoi nghin"),
        (15_000, "Đã nhận mười lăm nghìn đồng", "muoi-huyen lam nghin"),
        (21_000, "Đã nhận hai mươi mốt nghìn đồng", "hai muoi mot-sac nghin"),
        (1_005_000, "Đã nhận một triệu không trăm linh năm nghìn đồng",
         "mot trieu khong tram linh nam nghin"),
        (24_000_000, "Đã nhận hai mươi tư triệu đồng", "hai muoi tu trieu"),
        (1_000_000_000, "Đã nhận một tỷ đồng", "mot ty"),
    ],
)  # fmt: skip
def test_what_the_speaker_says(amount, text, clips):
    assert announcement_text(amount) == text
    assert announcement_clips(amount) == ["da-nhan", *clips.split(), "dong"]


@given(st.integers(min_value=1, max_value=10**12))
def test_every_amount_can_be_said_with_the_clips(amount):
    assert all((CLIP_DIR / f"{name}.mp3").is_file() for name in announcement_clips(amount))


def test_the_clips_are_all_there_and_small():
    files = {path.stem: path.stat().st_size for path in CLIP_DIR.glob("*.mp3")}
    assert set(files) == set(CLIPS.values())
    assert all(
        path.read_bytes()[:2] in (b"\xff\xf3", b"\xff\xfb", b"\xff\xf2")
        for path in CLIP_DIR.glob("*.mp3")
    )  # MPEG audio frames, no tag in front
    assert sum(files.values()) < 60 * 1024  # tens of KB in all
