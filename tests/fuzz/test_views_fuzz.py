"""Outside input through the pages that take it: the fake-QR check, the bank-feed webhook with
valid signatures, the GS1 Digital Link resolver and its scan beacon, the EPCIS API and the EPCIS
upload. Each answers with its documented status (a form error, 400, 404) and never a 500; a
refused request writes nothing but what it documents (the webhook's stored rejection).

Django's test client re-raises any exception a view lets out, so a crash fails the test
with its traceback.
"""

from __future__ import annotations

import copy
import json
import string
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from market.models import QRAlert
from payments import vietqr
from payments.bankfeed import codec
from payments.models import BankFeedDelivery, BankFeedEvent, BankFeedRejection
from tests.fuzz.images import QR_IMAGES, uploads
from tests.market import builders as market_builders
from tests.payments.bankfeed_support import signed_headers
from tests.payments.test_bankfeed_properties import (
    HEADER,
    casso_like,
    csv_text,
    json_values,
    sepay_like,
    statement_rows,
)
from tests.traceability import builders as trace_builders
from tests.traceability.test_epcis import partner_document
from traceability import epcis
from traceability.models import TraceEvent

VIEW = settings(max_examples=40, suppress_health_check=list(HealthCheck))
PURE = settings(max_examples=300)

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


# --- The fake-QR check (/qr/check/) -----------------------------------------------------------


@pytest.fixture
def market_world(db):
    return market_builders.world()


@st.composite
def qr_payloads(draw) -> str:
    """Real stall payloads, the same with a character changed, and any text."""
    good = vietqr.encode(vietqr.VietQR(bank_bin="970436", account="1023456789"))
    kind = draw(st.sampled_from(["good", "changed", "text", "emv"]))
    if kind == "good":
        return good
    if kind == "changed":
        at = draw(st.integers(0, len(good) - 1))
        return (
            good[:at]
            + draw(st.characters(codec="utf-8", exclude_categories=("Cs",)))
            + good[at + 1 :]
        )
    if kind == "emv":
        return "000201" + draw(
            st.text(alphabet=string.digits + string.ascii_uppercase, max_size=80)
        )
    return draw(any_text)


@VIEW
@given(
    payload=qr_payloads(),
    code=st.sampled_from(["", "ZZZZZZ", "abc", "\x00"]) | any_text,
    stall=st.sampled_from(["", "1", "-1", "99999999999999", "x"]),
)
def test_qr_check_of_any_payload_answers_200_or_400(client, market_world, payload, code, stall):
    response = client.post("/qr/check/", {"payload": payload, "code": code, "stall": stall})
    assert response.status_code in (200, 400)
    event(f"HTTP {response.status_code}")


@VIEW
@given(named=uploads(QR_IMAGES))
def test_qr_check_of_any_photo_answers_200_or_400(client, market_world, named):
    response = client.post("/qr/check/", {"photo": SimpleUploadedFile(*named)})
    assert response.status_code in (200, 400)
    event(f"HTTP {response.status_code}")


@VIEW
@given(
    payload=qr_payloads(),
    market=st.sampled_from(["", "1", "x", "-5"]),
    note=any_text,
    code=st.sampled_from(["", "ZZZZZZ"]),
)
def test_qr_report_of_anything_files_an_alert_or_refuses(
    client, market_world, payload, market, note, code
):
    before = QRAlert.objects.count()
    response = client.post(
        "/qr/check/report/", {"payload": payload, "market": market, "note": note, "code": code}
    )
    assert response.status_code in (302, 400)
    assert QRAlert.objects.count() - before in (0, 1)
    event(f"HTTP {response.status_code}")


# --- The bank-feed webhook, signed ------------------------------------------------------------


bodies = st.one_of(
    (sepay_like | casso_like | json_values).map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"{",
            b"[]",
            b"null",
            b'{"data": []}',
            b"\xff\xfe{}",
            b"1e999",
            b'{"id": 1e400}',
            b"[" * 5000,
        ]
    ),  # fmt: skip
)


@VIEW
@given(provider=st.sampled_from(codec.PROVIDERS), body=bodies)
def test_signed_webhook_of_any_body_is_stored_or_refused_with_one_rejection(client, provider, body):
    events, rejections = BankFeedEvent.objects.count(), BankFeedRejection.objects.count()
    response = client.post(
        f"/pay/webhooks/bank/{provider}/",
        data=body,
        content_type="application/json",
        headers=signed_headers(provider, body),
    )
    assert response.status_code in (200, 400, 415), response.content
    answer = response.json()
    event(f"HTTP {response.status_code}")
    if response.status_code == 200:
        assert answer["ok"] is True
        assert BankFeedEvent.objects.count() - events == answer["received"]
        assert BankFeedRejection.objects.count() - rejections == answer["rejected"]
    else:
        assert answer["ok"] is False and answer["error"]
        assert BankFeedEvent.objects.count() == events
        assert BankFeedRejection.objects.count() == rejections + 1


# --- GS1 Digital Link resolver, beacon, EPCIS API -----------------------------------------------


@pytest.fixture
def trace_lot(db):
    cache.clear()
    lot = trace_builders.lot()
    trace_builders.code(lot)
    yield lot
    cache.clear()


segment = st.one_of(
    st.sampled_from(["01", "10", "21", "22", "17", "8938505974194", "08938505974194",
                     "TC-X26", "ABCD2345", "", "%", "%00", "%zz", "%C3%A8", "..", "."]),
    st.text(alphabet=string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@", max_size=25),
    any_text.map(lambda text: text.replace("/", "")),
)  # fmt: skip
queries = st.one_of(
    st.just(""),
    st.lists(
        st.tuples(
            st.sampled_from(["17", "10", "lang", "linkType", "lat", "lng", "x", ""]), segment
        ),
        max_size=4,
    ).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)),  # fmt: skip
)


@st.composite
def resolver_paths(draw) -> str:
    parts = draw(st.lists(segment, max_size=draw(st.sampled_from([0, 0, 1, 2, 6]))))
    if draw(st.booleans()):  # start like a real code
        parts = [trace_builders.GTIN, "10", "TC-X26", "21", "ABCD2345"][
            : draw(st.integers(1, 5))
        ] + parts
    path = "/01/" + "/".join(parts)
    query = draw(queries)
    return path + (f"?{query}" if query else "")


@VIEW
@given(
    path=resolver_paths(),
    accept=st.sampled_from(
        ["text/html", "application/linkset+json", "*/*", "", "application/json"]
    ),
    beacon=st.booleans(),
    raw=st.booleans(),
)
def test_resolver_and_beacon_answer_any_path_without_a_server_error(
    client, trace_lot, path, accept, beacon, raw
):
    url = ("/trace/scan" + path) if beacon else path
    # Behind gunicorn the resolver reads RAW_URI: the address as sent, bytes read as Latin-1.
    extra = {"RAW_URI": url.encode("utf-8", "surrogatepass").decode("latin-1")} if raw else {}
    response = client.get(url, headers={"Accept": accept} if accept else {}, **extra)
    # A NUL in the query string is refused before any view (config/middleware.py), beacon too.
    # Typed as is or percent-encoded: the middleware reads the decoded query.
    beacon_answers = (200, 400) if "\x00" in unquote(url.partition("?")[2]) else (200,)
    assert response.status_code in (beacon_answers if beacon else (200, 301, 302, 400, 404))
    event(f"{'beacon' if beacon else 'page'} HTTP {response.status_code}")


@VIEW
@given(
    params=st.dictionaries(
        st.sampled_from(["uri", "gtin", "lot", "serial", "lang"]),
        segment | resolver_paths().map(lambda path: "https://choso.vn" + path),
        max_size=4,
    )
)
def test_typed_code_lookup_redirects_or_explains(client, trace_lot, params):
    response = client.get("/trace/", params)
    assert response.status_code in (200, 302, 400)
    event(f"HTTP {response.status_code}")


@VIEW
@given(
    params=st.dictionaries(
        st.sampled_from(["lot", "gtin", "serials", "x"]),
        segment | st.sampled_from(["TC-X26", trace_builders.GTIN, "1", "0"]),
        max_size=3,
    )
)
def test_epcis_api_answers_json_200_400_or_404(client, trace_lot, params):
    response = client.get("/api/epcis/events", params)
    assert response.status_code in (200, 400, 404)
    json.loads(response.content)
    event(f"HTTP {response.status_code}")


# --- EPCIS import -----------------------------------------------------------------------------


def _items(node):
    if isinstance(node, dict):
        return sorted(node.items())
    return list(enumerate(node)) if isinstance(node, list) else []


def near_valid_documents(uri: str):
    """The partner document for ``uri`` with a few members replaced anywhere in it."""

    @st.composite
    def build(draw):
        document = copy.deepcopy(partner_document(uri))
        # Deep first: the members inside an event are where a parser is most likely to slip.
        changes = st.tuples(st.sampled_from([5, 4, 3, 2, 1, 0]), st.booleans())
        for depth, replace in draw(st.lists(changes, max_size=3)):
            node = document
            for _ in range(depth):
                children = [key for key, value in _items(node) if isinstance(value, (dict, list))]
                if not children:
                    break
                node = node[draw(st.sampled_from(children))]
            keys = [key for key, _value in _items(node)]
            if not keys:
                continue
            key = draw(st.sampled_from(keys))
            if replace or isinstance(node, list):
                node[key] = draw(json_values)
            else:
                del node[key]
        return document

    return build()


def epcis_raw(uri: str):
    near_valid = near_valid_documents(uri).map(lambda doc: json.dumps(doc, allow_nan=True))
    return st.one_of(
        near_valid,
        near_valid,
        json_values.map(json.dumps),
        st.binary(max_size=200),
        any_text,
    )


@PURE
@given(epcis_raw(f"https://choso.vn/01/{trace_builders.GTIN}/10/TC-X26"))
def test_parse_import_returns_events_or_raises_only_its_error(raw):
    try:
        events = epcis.parse_import(raw)
    except epcis.EPCISImportError as error:
        assert error.errors and all(isinstance(text, str) and text for text in error.errors)
        event("refused")
        return
    event("parsed")
    assert events


@VIEW
@given(raw=epcis_raw(f"https://choso.vn/01/{trace_builders.GTIN}/10/TC-X26"))
def test_epcis_upload_page_imports_or_answers_400_and_saves_nothing(admin_client, trace_lot, raw):
    before = TraceEvent.objects.count()
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", errors="surrogatepass")
    response = admin_client.post(
        f"/producer/{trace_lot.producer.slug}/trace/import/",
        {"file": SimpleUploadedFile("partner.jsonld", data)},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert TraceEvent.objects.count() == before
    event(f"HTTP {response.status_code}")


# --- Bank statement CSV, through the staff page -------------------------------------------------


@pytest.fixture
def finance_client(client, db):
    from tests import factories

    client.force_login(factories.finance_user())
    return client


@VIEW
@given(data=st.one_of(
    st.lists(statement_rows(), max_size=4).map(
        lambda rows: csv_text(rows, HEADER).encode("utf-8", errors="surrogatepass")
    ),
    st.binary(max_size=300),
    st.lists(statement_rows(), min_size=1, max_size=3).map(
        lambda rows: csv_text(rows, HEADER).encode("utf-16", errors="surrogatepass")
    ),
))  # fmt: skip
def test_statement_upload_page_imports_all_rows_or_answers_400_and_writes_nothing(
    finance_client, data
):
    events, deliveries = BankFeedEvent.objects.count(), BankFeedDelivery.objects.count()
    response = finance_client.post(
        "/pay/dashboard/bank-events/import/", {"file": SimpleUploadedFile("sao-ke.csv", data)}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert (BankFeedEvent.objects.count(), BankFeedDelivery.objects.count()) == (
            events,
            deliveries,
        )
    event(f"HTTP {response.status_code}")
