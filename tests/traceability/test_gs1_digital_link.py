"""GS1 Digital Link codec (traceability.gs1): the public cases, the rules, and properties."""

import json
import subprocess
import sys

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, TEST_DATA
from traceability.gs1 import (
    AI82,
    DigitalLink,
    DigitalLinkError,
    build_digital_link,
    gtin_check_digit,
    is_ai82,
    is_valid_gtin,
    parse_digital_link,
)

CASES = json.loads((TEST_DATA / "gs1-digital-link-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["valid"], ids=lambda case: case["uri"])
def test_valid_cases_parse_to_their_fields(case):
    link = parse_digital_link(case["uri"])
    assert link == DigitalLink(
        gtin=case["gtin"],
        cpv=case.get("cpv"),
        lot=case.get("lot"),
        serial=case.get("serial"),
        attributes=case.get("attributes", {}),
    )


@pytest.mark.parametrize("case", CASES["invalid"], ids=lambda case: case["why"])
def test_invalid_cases_are_refused(case):
    with pytest.raises(DigitalLinkError):
        parse_digital_link(case["uri"])


@pytest.mark.parametrize("code", CASES["gtin_valid"])
def test_valid_gtin_cases(code):
    assert is_valid_gtin(code)
    assert gtin_check_digit(code[:-1]) == int(code[-1])


@pytest.mark.parametrize("code", CASES["gtin_invalid"])
def test_invalid_gtin_cases(code):
    assert not is_valid_gtin(code)


def test_build_pads_gtins_and_percent_encodes_values():
    uri = build_digital_link(
        base="https://choso.vn/", gtin="9520123456788", lot="A/B+C&D", serial="X"
    )
    assert uri == "https://choso.vn/01/09520123456788/10/A%2FB%2BC%26D/21/X"
    assert parse_digital_link(uri).lot == "A/B+C&D"
    assert build_digital_link(base="https://x.vn", gtin="02345673").endswith("/01/00000002345673")


def test_build_the_valid_case_back():
    case = CASES["valid"][0]
    assert (
        build_digital_link(
            base="https://id.gs1.org",
            gtin=case["gtin"],
            lot=case["lot"],
            serial=case["serial"],
            attributes=case["attributes"],
        )
        == case["uri"]
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"gtin": "09520123456789"}, "GTIN"),
        ({"gtin": "09520123456788", "lot": ""}, "1 to 20"),
        ({"gtin": "09520123456788", "lot": "x" * 21}, "1 to 20"),
        ({"gtin": "09520123456788", "serial": "lô 1"}, "character set 82"),
        ({"gtin": "09520123456788", "attributes": {"17": "181340"}}, "YYMMDD"),
        ({"gtin": "09520123456788", "attributes": {"10": "ABC"}}, "path"),
        ({"gtin": "09520123456788", "attributes": {"expiry": "180426"}}, "AI"),
        ({"gtin": "09520123456788", "base": "ftp://x.vn"}, "http"),
        ({"gtin": "09520123456788", "base": "https://x.vn/?a=1"}, "query"),
    ],
)
def test_build_refuses_bad_parts(kwargs, message):
    kwargs = {"base": "https://choso.vn", **kwargs}
    with pytest.raises(DigitalLinkError, match=message):
        build_digital_link(**kwargs)


@pytest.mark.parametrize(
    "uri, message",
    [
        ("https://choso.vn/01/09520123456788/21/1/10/2", "order"),
        ("https://choso.vn/01/09520123456788/10/1/10/2", "order"),
        ("https://choso.vn/01/09520123456789", "check digit"),
        ("https://choso.vn/01/09520123456788/", "slash"),
        ("https://choso.vn/01/09520123456788/10/" + "A" * 21, "1 to 20"),
        ("https://choso.vn/01/09520123456788/10/A%20B", "character set 82"),
        ("https://choso.vn/01/09520123456788/10/A%2", "escape"),
        ("https://choso.vn/01/09520123456788/10/%FF", "UTF-8"),
        ("https://choso.vn/01/09520123456788/10/A B", "unencoded"),
        ("https://choso.vn/01/09520123456788/17/200101", "qualifier"),
        ("https://choso.vn/01/09520123456788?17=2001", "YYMMDD"),
        ("https://choso.vn/01/09520123456788?17=200101&17=200102", "twice"),
        ("https://choso.vn/01/09520123456788?21=1", "path"),
        ("https://choso.vn/gtin/09520123456788", "short names"),
        ("choso.vn/01/09520123456788", "http"),
        ("mailto:x@choso.vn", "http"),
        ("", "http"),
    ],
)
def test_parse_refuses_with_a_message_that_says_why(uri, message):
    with pytest.raises(DigitalLinkError, match=message):
        parse_digital_link(uri)


def test_parse_accepts_prefixes_cpv_plus_as_space_and_non_ai_query_parameters():
    link = parse_digital_link(
        "http://choso.vn/truy-xuat/01/01/09520123456788/22/2A/10/L%2F1?linkType=gs1:pip&3103=000250"
    )
    assert link == DigitalLink(
        gtin="09520123456788", cpv="2A", lot="L/1", attributes={"3103": "000250"}
    )
    with pytest.raises(DigitalLinkError, match="character set 82"):
        parse_digital_link("https://choso.vn/01/09520123456788?7240=a+b")


def test_parse_refuses_what_is_not_text():
    with pytest.raises(DigitalLinkError):
        parse_digital_link(None)  # type: ignore[arg-type]


def test_codec_imports_no_django():
    code = "import sys, traceability.gs1; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


ai82_values = st.text(alphabet=sorted(AI82), min_size=1, max_size=20)
dates = st.builds(
    lambda y, m, d: f"{y:02d}{m:02d}{d:02d}",
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(0, 31),
)
attributes = st.dictionaries(
    st.sampled_from(["11", "13", "15", "17"]), dates, max_size=3
) | st.fixed_dictionaries({"7007": dates, "422": st.just("704"), "3103": st.just("000250")})
gtins = (
    st.text(alphabet="0123456789", min_size=7, max_size=13)
    .filter(lambda body: len(body) + 1 in (8, 12, 13, 14))
    .map(lambda body: body + str(gtin_check_digit(body)))
)
bases = st.builds(
    lambda scheme, host, prefix: f"{scheme}://{host}{prefix}",
    st.sampled_from(["http", "https"]),
    st.sampled_from(["choso.vn", "id.gs1.org", "localhost:8000"]),
    st.sampled_from(["", "/", "/truy-xuat", "/a/b"]),
)


@given(
    base=bases,
    gtin=gtins,
    cpv=st.none() | ai82_values,
    lot=st.none() | ai82_values,
    serial=st.none() | ai82_values,
    attributes=attributes,
)
def test_build_then_parse_gives_back_the_parts(base, gtin, cpv, lot, serial, attributes):
    uri = build_digital_link(
        base=base, gtin=gtin, cpv=cpv, lot=lot, serial=serial, attributes=attributes
    )
    assert parse_digital_link(uri) == DigitalLink(
        gtin=gtin.zfill(14), cpv=cpv, lot=lot, serial=serial, attributes=attributes
    )
    assert not uri.endswith("/") and " " not in uri


@given(st.text())
def test_parse_of_arbitrary_text_raises_only_digital_link_error(text):
    try:
        parse_digital_link(text)
    except DigitalLinkError:
        pass


@given(st.text(alphabet="/01234567890abcAB%?&=+#:.-_ 2", max_size=60))
def test_parse_of_uri_like_text_raises_only_digital_link_error(tail):
    try:
        link = parse_digital_link("https://choso.vn/01/" + tail)
    except DigitalLinkError:
        return
    assert len(link.gtin) == 14 and is_valid_gtin(link.gtin)


# A valid GTIN followed by qualifiers and a query of anything, percent-encoded as a browser or a
# label printer might (or not) encode it: the parser reaches its qualifier and attribute rules.
_odd_values = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=24
)
_qualifier_ais = st.sampled_from(["22", "10", "21", "17", "01", "99", "", "1O"])
_query_keys = st.sampled_from(["17", "11", "13", "15", "7007", "422", "3103", "10", "lang", ""])


def _encoders():
    from urllib.parse import quote

    return st.sampled_from(
        [lambda v: quote(v, safe=""), lambda v: v, lambda v: v.replace("%", "%25")]
    )


@st.composite
def _odd_links(draw) -> str:
    encode = draw(_encoders())
    parts = [
        (ai, draw(ai82_values | _odd_values)) for ai in ("22", "10", "21") if draw(st.booleans())
    ]
    if draw(st.integers(0, 3)) == 3:  # a qualifier out of place, unknown, or repeated
        parts.insert(draw(st.integers(0, len(parts))), (draw(_qualifier_ais), draw(_odd_values)))
    path = "".join(f"/{ai}/{encode(value)}" for ai, value in parts)
    pairs = draw(st.lists(st.tuples(_query_keys, dates | _odd_values | ai82_values), max_size=3))
    query = "&".join(f"{key}={encode(value)}" for key, value in pairs)
    gtin = draw(gtins.map(lambda code: code.zfill(14)) | gtins)
    return f"https://choso.vn/01/{gtin}{path}" + (f"?{query}" if query else "")


@settings(max_examples=300)
@given(_odd_links())
def test_parse_of_odd_qualifiers_and_queries_raises_only_digital_link_error(uri):
    try:
        link = parse_digital_link(uri)
    except DigitalLinkError as error:
        assert str(error)
        event("refused")
        return
    event("parsed")
    for value in (link.cpv, link.lot, link.serial, *link.attributes.values()):
        assert value is None or (value and is_ai82(value) and len(value) <= 20)
    rebuilt = build_digital_link(
        base="https://choso.vn", gtin=link.gtin, cpv=link.cpv, lot=link.lot, serial=link.serial,
        attributes=link.attributes,
    )  # fmt: skip
    assert parse_digital_link(rebuilt) == link
