"""Vietnamese text helpers: ASCII slugs and accent-free folding for search."""

from core.text import fold, marked, search_terms, slugify, unique_slug


def test_slugify_transliterates_vietnamese():
    assert slugify("Chè Tân Cương thượng hạng") == "che-tan-cuong-thuong-hang"
    assert slugify("Đặc sản Định Hóa") == "dac-san-dinh-hoa"


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Chè  Tân-Cương!") == "che tan cuong"
    assert fold("MẬT ONG rừng, 1 lít") == "mat ong rung 1 lit"
    assert fold("Đường") == "duong"


def test_marked_keeps_diacritics_and_puts_the_tone_last():
    # Old and new tone placement ("hòa" / "hoà", "thủy" / "thuỷ") are the same word.
    assert marked("Định Hòa") == marked("ĐỊNH HOÀ") == marked("định hoà")
    assert marked("Hòa") == "hoà"
    assert marked("thủy") == marked("thuỷ")
    assert marked("Chè, chế!") == "chè chế"
    assert marked("che") != marked("chè") != marked("chế")
    # Decomposed input (some keyboards) is the same as composed.
    assert marked("che\u0300") == marked("chè")


def test_search_terms_are_distinct_marked_and_folded_and_bounded():
    assert search_terms("Mật ong mật ONG mat") == [
        (marked("mật"), "mat"),
        ("ong", "ong"),
        ("mat", "mat"),
    ]
    assert search_terms("Gà đồi") == [("gà", "ga"), (marked("đồi"), "doi")]
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 8
    assert search_terms("  ,,, ") == []


def test_unique_slug_adds_a_number():
    taken = {"che", "che-2"}
    assert unique_slug("che", taken=taken.__contains__) == "che-3"
    assert unique_slug("tra", taken=taken.__contains__) == "tra"
    assert len(unique_slug("x" * 300, taken=lambda s: False, max_length=200)) == 200
