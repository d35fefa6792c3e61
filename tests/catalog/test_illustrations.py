"""catalog.illustrations: text-free demo pictures, one per kind of product, always the same."""

import hashlib

import pytest
from PIL import ImageOps

from catalog.illustrations import KINDS, SIZE, VARIANTS, illustration, kind_for


def digest(image) -> str:
    return hashlib.sha256(image.tobytes()).hexdigest()


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_a_square_picture_drawn_the_same_every_time(kind):
    first, second = illustration(kind), illustration(kind)
    assert first.size == (SIZE, SIZE) == (960, 960)
    assert first.mode == "RGB"
    assert digest(first) == digest(second)
    # A picture, not a flat card with a circle: several colours each covering a visible part,
    # and a subject that covers a good part of the square.
    colours = first.getcolors(maxcolors=SIZE * SIZE)
    assert sum(1 for count, _ in colours if count >= 0.005 * SIZE * SIZE) >= 8, kind
    background = first.getpixel((2, 2))
    differing = sum(
        1
        for x in range(0, SIZE, 10)
        for y in range(0, SIZE, 10)
        if max(abs(a - b) for a, b in zip(first.getpixel((x, y)), background, strict=True)) > 12
    )
    assert differing > 0.25 * (SIZE // 10) ** 2, kind


def test_kinds_are_different_pictures():
    digests = {digest(illustration(kind)) for kind in KINDS}
    assert len(digests) == len(KINDS)


@pytest.mark.parametrize("kind", ["honey", "tea_bud"])
def test_variants_of_a_kind_differ_and_are_stable(kind):
    variants = [illustration(kind, variant) for variant in range(VARIANTS)]
    assert len({digest(image) for image in variants}) == VARIANTS
    assert digest(variants[1]) == digest(ImageOps.mirror(variants[0]))
    assert digest(illustration(kind, VARIANTS + 2)) == digest(variants[2])


def test_unknown_kind_gets_the_market_basket():
    assert digest(illustration("durian")) == digest(illustration("basket"))


@pytest.mark.parametrize(
    ("title", "category", "kind"),
    [
        ("Chè Tân Cương móc câu thượng hạng 200g", "Chè > Chè móc câu", "tea"),
        ("Chè nõn tôm Tân Cương 100g", "", "tea_bud"),
        ("Chè đinh Tân Cương 100g", "", "tea_bud"),
        ("Chè búp khô La Bằng 1kg", "", "tea_leaves"),
        ("Chè Trại Cài sao suốt 1kg", "", "tea_leaves"),
        ("Chè xanh La Bằng túi lọc (25 túi)", "", "tea_bags"),
        ("Hộp quà chè Tân Cương", "Chè > Hộp quà", "tea_gift"),
        ("Mật ong hoa nhãn 500ml", "Mật ong", "honey"),
        # "Định" is a place, not chè đinh; a gift box of honey is honey.
        ("Mật ong rừng Định Hóa 1 lít", "", "honey"),
        ("Hộp quà mật ong", "", "honey"),
        ("Sáp ong nguyên chất 200g", "Mật ong", "beeswax"),
        ("Gà đồi Phú Bình (con khoảng 1,8 kg)", "Gà và trứng", "chicken"),
        ("Trứng gà ri (10 quả)", "Gà và trứng", "eggs"),
        ("Gà đồi làm sẵn 1kg", "Gà và trứng", "chicken_dressed"),
        ("Gạo Bao thai Định Hóa 5kg", "Gạo và miến", "rice"),
        ("Gạo nếp vải Phú Lương 2kg", "Gạo và miến", "sticky_rice"),
        ("Miến dong Hùng Sơn 500g", "Gạo và miến", "noodles"),
        ("Dưa chuột Hùng Sơn 1kg", "Rau quả", "vegetables"),
        ("Bánh chưng Bờ Đậu", "Đặc sản", "banh_chung"),
        ("Bưởi Diễn", "", "fruit"),
        ("MẬT ONG  HOA BẠC HÀ", "", "honey"),  # case and spacing do not matter
        ("Sản phẩm mới", "Mật ong", "honey"),  # the category when the title says nothing
        ("Nón lá", "Đặc sản", "basket"),
        ("", "", "basket"),
    ],
)
def test_kind_for_reads_the_title_then_the_category(title, category, kind):
    assert kind_for(title, category) == kind


def test_kind_for_matches_whole_words_only():
    # "gà" inside "gạo"-like words or "na" inside "Nam" must not pick the chicken or the fruit.
    assert kind_for("Gạo Nam Định") == "rice"
    assert kind_for("Nước mắm Nam Ô") == "basket"
