"""Vietnamese text helpers: ASCII slugs and accent-free folding for search."""

from core.text import fold, search_words, slugify, unique_slug


def test_slugify_transliterates_vietnamese():
    assert slugify("Chè Tân Cương thượng hạng") == "che-tan-cuong-thuong-hang"
    assert slugify("Đặc sản Định Hóa") == "dac-san-dinh-hoa"


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Chè  Tân-Cương!") == "che tan cuong"
    assert fold("MẬT ONG rừng, 1 lít") == "mat ong rung 1 lit"
    assert fold("Đường") == "duong"


def test_search_words_are_distinct_folded_and_bounded():
    assert search_words("Mật ong mat ONG") == ["mat", "ong"]
    assert len(search_words(" ".join(f"w{i}" for i in range(50)))) == 8
    assert search_words("  ,,, ") == []


def test_unique_slug_adds_a_number():
    taken = {"che", "che-2"}
    assert unique_slug("che", taken=taken.__contains__) == "che-3"
    assert unique_slug("tra", taken=taken.__contains__) == "tra"
    assert len(unique_slug("x" * 300, taken=lambda s: False, max_length=200)) == 200
