"""A NUL character in a query string is a 400 (PostgreSQL refuses NUL in text: passed on to a
query it was a server error, found by schemathesis on /api/markets/?province=…)."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_api_query_with_a_nul_is_a_json_bad_request(client):
    token = Token.objects.create(user=User.objects.create_superuser("admin", "a@x.vn", "x"))
    response = client.get(
        "/api/markets/", {"province": "thai\x00nguyen"}, HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_shop_search_with_a_nul_is_a_bad_request(client):
    assert client.get("/shop/search/", {"q": "ch\x00e"}).status_code == 400


def test_ordinary_queries_still_work(client):
    assert client.get("/shop/search/", {"q": "chè"}).status_code == 200
