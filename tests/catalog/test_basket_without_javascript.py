"""The basket works with plain forms: Oscar's "Remove" and "Save for later" were links that
only its jQuery made work (href="#"); now each is a submit button of the basket's form that
sets its own line's field, and the page loads no script of Oscar's."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests import factories

pytestmark = pytest.mark.django_db


def basket_post(client, **buttons) -> dict:
    """The basket form as a browser submits it: every line's fields plus the pressed button."""
    html = client.get("/shop/basket/").content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for name in re.findall(r'name="(form-\d+-quantity)"', html):
        data[name] = re.search(rf'name="{name}"[^>]*value="(\d+)"', html).group(1)
    data.update(buttons)
    return data


def add(client, product, quantity=1):
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": quantity})


def test_the_basket_page_offers_buttons_not_script_links(client):
    add(client, factories.product(title="Mật ong hoa nhãn 500ml"))
    html = client.get("/shop/basket/").content.decode()
    assert 'data-behaviours="remove"' not in html and 'href="#"' not in html
    remove = '<button class="linkish-dark small" type="submit" name="form-0-DELETE" value="on">'
    assert remove in html
    assert "/static/oscar/" not in html


def test_remove_deletes_only_the_line_whose_button_was_pressed(client):
    honey = factories.product(title="Mật ong hoa nhãn 500ml", price=180000)
    tea = factories.product(title="Chè Tân Cương 200g", price=250000)
    add(client, honey)
    add(client, tea)
    line_ids = re.compile(r'name="form-\d+-id" value="(\d+)"')
    first, second = line_ids.findall(client.get("/shop/basket/").content.decode())
    response = client.post("/shop/basket/", basket_post(client, **{"form-0-DELETE": "on"}))
    assert response.status_code == 302
    assert line_ids.findall(client.get("/shop/basket/").content.decode()) == [second]


def test_update_changes_the_quantity(client):
    add(client, factories.product(title="Chè Tân Cương 200g", price=250000))
    data = basket_post(client)
    data["form-0-quantity"] = "3"
    client.post("/shop/basket/", data)
    assert "750.000" in client.get("/shop/basket/").content.decode().replace("\xa0", " ")


def test_save_for_later_moves_the_line_to_the_saved_list_and_back(client):
    user = get_user_model().objects.create_user("lan", "lan@example.vn", "mat-khau-dai-12345")
    client.force_login(user)
    add(client, factories.product(title="Gạo nếp vải 2kg", price=70000))
    client.post("/shop/basket/", basket_post(client, **{"form-0-save_for_later": "on"}))
    html = client.get("/shop/basket/").content.decode()
    assert 'id="saved_basket_formset"' in html and 'id="basket_formset"' not in html
    saved = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    saved["saved-0-move_to_basket"] = "on"
    client.post("/shop/basket/saved/", saved)
    html = client.get("/shop/basket/").content.decode()
    assert 'id="basket_formset"' in html and "Gạo nếp vải 2kg" in html
