"""Oscar routes that changed data on GET, or failed with a 500, behind the wrappers of
config/oscar_urls.py: POST only with a CSRF token, audited membership, 404 for others' data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from oscar.core.loading import get_model

from catalog.models import PartnerMembershipChange
from tests import factories
from tests.fulfilment.builders import place_order, producer_pair, producer_staff, shopper, staff

pytestmark = pytest.mark.django_db
Country = get_model("address", "Country")
ProductAlert = get_model("customer", "ProductAlert")
UserAddress = get_model("address", "UserAddress")
WishList = get_model("wishlists", "WishList")


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def csrf_client(user) -> Client:
    """A browser that enforces CSRF like the real site (the test client skips it)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client, url: str) -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


# --- 1. Producer staff membership -----------------------------------------------------------


@pytest.fixture
def honey():
    _tea, honey = producer_pair()
    return honey


def link_url(partner, user) -> str:
    return f"/shop/dashboard/partners/{partner.pk}/users/{user.pk}/link/"


def unlink_url(partner, user) -> str:
    return f"/shop/dashboard/partners/{partner.pk}/users/{user.pk}/unlink/"


def test_partner_link_by_get_changes_nothing(client, honey):
    admin, victim = staff(), shopper()
    client.force_login(admin)
    response = client.get(link_url(honey.partner, victim))
    assert response.status_code == 405
    assert not honey.partner.users.filter(pk=victim.pk).exists()
    assert not victim.has_perm("partner.dashboard_access")


def test_partner_link_without_csrf_token_is_refused(honey):
    victim = shopper()
    client = csrf_client(staff())
    assert client.post(link_url(honey.partner, victim)).status_code == 403
    assert not honey.partner.users.filter(pk=victim.pk).exists()


def test_partner_link_and_unlink_by_post_work_and_are_audited(honey):
    admin, member = staff(), shopper("chi.lan")
    client = csrf_client(admin)
    token = csrf_token(client, f"/shop/dashboard/partners/{honey.partner.pk}/users/select/")
    response = client.post(link_url(honey.partner, member), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert honey.partner.users.filter(pk=member.pk).exists()

    assert client.get(unlink_url(honey.partner, member)).status_code == 405
    assert honey.partner.users.filter(pk=member.pk).exists()
    response = client.post(unlink_url(honey.partner, member), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not honey.partner.users.filter(pk=member.pk).exists()

    rows = honey.partner.history.exclude(membership_change="").order_by("history_id")
    assert [(r.membership_change, r.member, r.history_user) for r in rows] == [
        (PartnerMembershipChange.Change.LINK, member, admin),
        (PartnerMembershipChange.Change.UNLINK, member, admin),
    ]
    assert all(r.history_date for r in rows)


def test_unlink_message_offers_no_get_undo_link(client, honey):
    member = producer_staff(honey, "mat.ong")
    client.force_login(staff())
    page = text(client.post(unlink_url(honey.partner, member), follow=True))
    assert "/link/" not in page


def test_membership_changed_from_either_side_is_audited(honey):
    member = shopper("ba.hoa")
    member.partners.add(honey.partner)  # the reverse side of Oscar's partner.users
    member.partners.clear()
    changes = list(
        honey.partner.history.exclude(membership_change="")
        .order_by("history_id")
        .values_list("membership_change", "member")
    )
    assert changes == [("link", member.pk), ("unlink", member.pk)]


def test_staff_read_the_membership_audit_in_django_admin(client, honey):
    admin = staff()
    client.force_login(admin)
    token_client = csrf_client(admin)
    member = shopper("chi.lan")
    token = csrf_token(token_client, "/shop/dashboard/")
    token_client.post(link_url(honey.partner, member), {"csrfmiddlewaretoken": token})
    page = text(client.get(f"/django-admin/partner/partner/{honey.partner.pk}/history/"))
    assert "chi.lan" in page and "admin" in page


def test_select_page_links_users_with_a_post_form(client, honey):
    client.force_login(staff())
    shopper("chi.lan")
    page = text(
        client.get(f"/shop/dashboard/partners/{honey.partner.pk}/users/select/", {"email": "chi"})
    )
    assert 'method="post"' in page and "/link/" in page


# --- 4. GETs that changed data ----------------------------------------------------------------


def test_wishlist_add_by_get_changes_nothing(client):
    product = factories.product()
    user = shopper()
    client.force_login(user)
    assert client.get(f"/shop/accounts/wishlists/add/{product.pk}/").status_code == 405
    wishlist = WishList.objects.create(owner=user, name="Quà Tết")
    url = f"/shop/accounts/wishlists/{wishlist.key}/add/{product.pk}/"
    assert client.get(url).status_code == 405
    assert not WishList.objects.filter(lines__product=product).exists()


def test_wishlist_add_by_post_with_csrf_works(client):
    product = factories.product()
    user = shopper()
    browser = csrf_client(user)
    token = csrf_token(browser, "/shop/accounts/wishlists/")
    url = f"/shop/accounts/wishlists/add/{product.pk}/"
    assert browser.post(url).status_code == 403
    assert browser.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert WishList.objects.get(owner=user).lines.get().product == product


def test_wishlist_move_by_get_changes_nothing(client):
    product = factories.product()
    user = shopper()
    first = WishList.objects.create(owner=user, name="Một")
    second = WishList.objects.create(owner=user, name="Hai")
    first.add(product)
    line = first.lines.get()
    client.force_login(user)
    url = f"/shop/accounts/wishlists/{first.key}/lines/{line.pk}/move-to/{second.key}/"
    assert client.get(url).status_code == 405
    line.refresh_from_db()
    assert line.wishlist == first
    assert client.post(url).status_code == 302
    line.refresh_from_db()
    assert line.wishlist == second


@pytest.fixture
def addresses():
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"printable_name": "Việt Nam", "name": "Việt Nam", "is_shipping_country": True},
    )
    user = shopper()
    home = UserAddress.objects.create(
        user=user, first_name="Lan", line1="1 Phố", line4="Thái Nguyên", country=country
    )
    work = UserAddress.objects.create(
        user=user, first_name="Lan", line1="2 Phố", line4="Thái Nguyên", country=country
    )
    return user, home, work


@pytest.mark.parametrize("action", ["default_for_shipping", "default_for_billing"])
def test_default_address_by_get_changes_nothing(client, addresses, action):
    user, _home, work = addresses
    client.force_login(user)
    url = f"/shop/accounts/addresses/{work.pk}/{action}/"
    assert client.get(url).status_code == 405
    work.refresh_from_db()
    assert not getattr(work, f"is_{action}")
    assert client.post(url).status_code == 302
    work.refresh_from_db()
    assert getattr(work, f"is_{action}")


def test_address_list_sets_defaults_with_post_forms(client, addresses):
    user, _home, work = addresses
    client.force_login(user)
    page = text(client.get("/shop/accounts/addresses/"))
    assert f"/shop/accounts/addresses/{work.pk}/default_for_shipping/" in page
    assert f'<a href="/shop/accounts/addresses/{work.pk}/default_for' not in page
    assert 'method="post"' in page


def test_someone_elses_address_stays_out_of_reach(client, addresses):
    _user, _home, work = addresses
    client.force_login(shopper("other"))
    assert (
        client.post(f"/shop/accounts/addresses/{work.pk}/default_for_billing/").status_code == 404
    )


def test_stock_alert_cancel_by_get_changes_nothing(client):
    product = factories.product()
    user = shopper()
    alert = ProductAlert.objects.create(product=product, user=user, status=ProductAlert.ACTIVE)
    client.force_login(user)
    assert client.get(f"/shop/accounts/alerts/cancel/{alert.pk}/").status_code == 405
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE
    assert client.post(f"/shop/accounts/alerts/cancel/{alert.pk}/").status_code == 302
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CANCELLED


def test_alert_list_cancels_with_a_post_form(client):
    product = factories.product()
    user = shopper()
    alert = ProductAlert.objects.create(product=product, user=user, status=ProductAlert.ACTIVE)
    client.force_login(user)
    page = text(client.get("/shop/accounts/alerts/"))
    assert f"/shop/accounts/alerts/cancel/{alert.pk}/" in page
    assert f'<a href="/shop/accounts/alerts/cancel/{alert.pk}/' not in page


def test_oscar_logout_by_get_keeps_the_shopper_signed_in(client):
    client.force_login(shopper())
    assert client.get("/shop/accounts/logout/").status_code == 405
    assert client.get("/shop/accounts/").status_code == 302  # summary redirects to profile
    assert "_auth_user_id" in client.session


# --- 5. An order line: no 500 ---------------------------------------------------------------


@pytest.fixture
def two_orders():
    a, b = producer_pair()
    mine, theirs = shopper("lan"), shopper("minh")
    my_order = place_order([(factories.product(owner=a), 1)], number="CS100001", user=mine)
    their_order = place_order(
        [(factories.product(title="Mật ong 500ml", owner=b), 1)], number="CS100002", user=theirs
    )
    return mine, my_order, their_order


def test_own_order_line_goes_to_the_order(client, two_orders):
    mine, my_order, _their_order = two_orders
    client.force_login(mine)
    line = my_order.lines.get()
    response = client.get(f"/shop/accounts/orders/{my_order.number}/{line.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/shop/accounts/orders/{my_order.number}/"


def test_another_orders_line_is_not_found(client, two_orders):
    mine, my_order, their_order = two_orders
    client.force_login(mine)
    foreign = their_order.lines.get()
    assert client.get(f"/shop/accounts/orders/{my_order.number}/{foreign.pk}/").status_code == 404
    response = client.post(
        f"/shop/accounts/orders/{my_order.number}/{foreign.pk}/", {"action": "reorder"}
    )
    assert response.status_code == 404
    assert (
        client.get(f"/shop/accounts/orders/{their_order.number}/{foreign.pk}/").status_code == 404
    )


def test_reorder_of_own_line_still_fills_the_basket(client, two_orders):
    mine, my_order, _their_order = two_orders
    client.force_login(mine)
    line = my_order.lines.get()
    response = client.post(
        f"/shop/accounts/orders/{my_order.number}/{line.pk}/", {"action": "reorder"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=mine.pk).baskets.get(status="Open").lines.count() == 1


def test_reorder_of_a_product_taken_off_sale_is_refused(client, two_orders):
    mine, my_order, _their_order = two_orders
    line = my_order.lines.get()
    line.product.is_public = False
    line.product.save()
    client.force_login(mine)
    client.post(f"/shop/accounts/orders/{my_order.number}/{line.pk}/", {"action": "reorder"})
    assert (
        not User.objects.get(pk=mine.pk).baskets.filter(status="Open", lines__isnull=False).exists()
    )


def test_stock_alert_cancel_never_sends_the_shopper_to_another_site(client):
    product = factories.product()
    user = shopper()
    mine = ProductAlert.objects.create(product=product, user=user, status=ProductAlert.ACTIVE)
    emailed = ProductAlert.objects.create(
        product=product, email="khach@example.vn", status=ProductAlert.ACTIVE
    )
    evil = "?next=https://evil.example/"
    response = client.get(f"/shop/accounts/alerts/cancel/key/{emailed.key}/{evil}")
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    client.force_login(user)
    response = client.post(f"/shop/accounts/alerts/cancel/{mine.pk}/{evil}")
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    local = client.post(f"/shop/accounts/alerts/cancel/{mine.pk}/?next=/shop/accounts/alerts/")
    assert local["Location"] == "/shop/accounts/alerts/"


# --- Server errors in Oscar's dashboard, found by the URL matrix ------------------------------


def test_deleting_a_producers_partner_is_refused_with_a_message(client, settings, honey):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff())
    url = f"/shop/dashboard/partners/{honey.partner.pk}/delete/"
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == f"/shop/dashboard/partners/{honey.partner.pk}/"
    assert "cannot be deleted" in text(response)
    honey.partner.refresh_from_db()  # still there


def test_a_partner_without_a_producer_can_still_be_deleted(client):
    Partner = get_model("partner", "Partner")
    spare = Partner.objects.create(name="Kho cũ")
    client.force_login(staff())
    response = client.post(f"/shop/dashboard/partners/{spare.pk}/delete/")
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=spare.pk).exists()


def test_offer_page_post_without_its_buttons_is_a_bad_request(client):
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Range = get_model("offer", "Range")
    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    whole_shop = Range.objects.create(name="Cả cửa hàng", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="Giảm 10%",
        condition=Condition.objects.create(range=whole_shop, type="Count", value=1),
        benefit=Benefit.objects.create(range=whole_shop, type="Percentage", value=10),
    )
    client.force_login(staff())
    url = f"/shop/dashboard/offers/{offer.pk}/"
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"suspend": "1"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.is_suspended
