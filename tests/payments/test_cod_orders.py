"""The finance page of cash-on-delivery orders: a sortable, searchable table; cash once."""

from __future__ import annotations

import pytest

from payments import methods, order_status
from payments.references import new_reference
from tests import factories
from tests.fulfilment import builders

pytestmark = pytest.mark.django_db
COD = "/pay/dashboard/cod/"


def cod_order(product, *, quantity: int = 1, status: str = order_status.CASH_ON_DELIVERY):
    order = builders.place_order([(product, quantity)], number=new_reference(), status=status)
    order.sources.create(
        source_type=methods.source_type(methods.COD),
        amount_allocated=order.total_incl_tax,
        reference=order.number,
    )
    return order


@pytest.fixture
def tea():
    a, _b = builders.producer_pair()
    return factories.product(title="Chè móc câu", price=100000, owner=a, stock=50)


@pytest.fixture
def finance(client):
    client.force_login(factories.finance_user())


def rows(response) -> int:
    return response.content.decode().count('data-testid="cod-order"')


def test_waiting_orders_are_listed_with_the_cash_to_collect(client, finance, tea):
    order = cod_order(tea, quantity=3)
    page = client.get(COD).content.decode()
    assert f'data-order="{order.number}"' in page
    assert "300.000 ₫" in page and "Lê Minh Anh" in page
    assert f'action="/pay/dashboard/cod/{order.number}/cash-received/"' in page


def test_search_status_filter_and_sorting(client, finance, tea):
    small, big = cod_order(tea, quantity=1), cod_order(tea, quantity=4)
    shipped = cod_order(tea, quantity=2, status=order_status.SHIPPED)
    assert rows(client.get(COD, {"q": small.number[-5:]})) == 1
    assert rows(client.get(COD, {"status": order_status.SHIPPED})) == 1
    page = client.get(COD, {"sort": "-total_incl_tax"}).content.decode()
    assert page.index(big.number) < page.index(shipped.number) < page.index(small.number)


@pytest.mark.parametrize(
    "query", [{"status": "Paid"}, {"sort": "nope"}, {"page": "x"}, {"per_page": "0"}]
)
def test_bad_query_parameters_never_fail(client, finance, tea, query):
    cod_order(tea)
    assert client.get(COD, query).status_code == 200


def test_a_nul_in_the_query_is_a_bad_request(client, finance, tea):
    cod_order(tea)
    assert client.get(COD, {"q": "\x00"}).status_code == 400


def test_recorded_cash_leaves_the_list(client, finance, tea):
    order = cod_order(tea)
    response = client.post(f"{COD}{order.number}/cash-received/", follow=True)
    assert "đã được thanh toán" in response.content.decode()
    assert rows(response) == 0
