"""One sign-in page for every role, honouring ?next=."""

import pytest
from django.contrib.auth.models import Group, User

from config import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper():
    return User.objects.create_user("shopper", "shopper@example.com", "demo12345")


def test_login_page_is_vietnamese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_login_honours_next(client, shopper):
    response = client.post(
        "/accounts/login/?next=/shop/basket/",
        {"username": "shopper", "password": "demo12345", "next": "/shop/basket/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/shop/basket/"


def test_login_refuses_offsite_next(client, shopper):
    response = client.post(
        "/accounts/login/",
        {"username": "shopper", "password": "demo12345", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_wrong_password_shows_error_and_signs_nobody_in(client, shopper):
    response = client.post("/accounts/login/", {"username": "shopper", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "group, expected",
    [
        (roles.PRODUCER_GROUP, "/producer/"),
        (roles.DIGITAL_TEAM_GROUP, "/producer/"),
        (roles.BOARD_GROUP, "/markets/mine/"),
        (roles.STALLHOLDER_GROUP, "/markets/mine/"),  # no stall linked yet: whom to ask
        (roles.OFFICIAL_GROUP, "/markets/mine/"),
        (None, "/shop/accounts/"),
    ],
)
def test_each_role_lands_on_its_home(client, group, expected):
    user = User.objects.create_user("someone", "someone@example.com", "demo12345")
    if group:
        user.groups.add(Group.objects.get(name=group))  # made by a migration
    response = client.post("/accounts/login/", {"username": "someone", "password": "demo12345"})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_a_stallholder_with_an_open_stall_lands_on_the_stall_app(client):
    from tests.market import builders

    holder = builders.user("stall.hungson.01", roles.STALLHOLDER_GROUP)
    stall = builders.stall(builders.market(), "HS-01", stallholder=holder)
    response = client.post(
        "/accounts/login/", {"username": "stall.hungson.01", "password": "demo12345"}
    )
    assert response["Location"] == "/stall/"
    assert client.get("/stall/")["Location"] == "/stall/cho-hung-son/HS-01/"
    stall.is_active, stall.closed_on = False, stall.created_at.date()
    stall.save()
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "stall.hungson.01", "password": "demo12345"}
    )
    assert response["Location"] == "/markets/mine/"


def test_sign_in_pages_link_to_the_password_reset_which_answers(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<a href="/shop/password-reset/" data-testid="forgot-password">' in page
    assert "Quên mật khẩu?" in page
    # Oscar's sign-in and registration page (linked from ours) keeps its own reset link.
    assert 'href="/shop/password-reset/"' in client.get("/shop/accounts/login/").content.decode()
    response = client.get("/shop/password-reset/")
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
