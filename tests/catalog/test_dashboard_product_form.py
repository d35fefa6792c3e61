"""Oscar's dashboard product page refuses a bad GTIN with a message instead of crashing."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from catalog.dashboard.catalogue.forms import ProductForm
from tests import factories

pytestmark = pytest.mark.django_db


def test_dashboard_uses_the_form_that_checks_gtin():
    view = apps.get_app_config("catalogue_dashboard").product_createupdate_view
    assert view.form_class is ProductForm


def test_bad_gtin_is_refused_with_a_message_and_nothing_saved(client):
    from catalog.demo import seed_product_classes

    tea = seed_product_classes()["Chè"]
    product = factories.product(title="Chè móc câu")
    product.product_class = tea
    product.save()
    staff = User.objects.create_user("admin2", password="x", is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = f"/shop/dashboard/catalogue/products/{product.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"title": "Chè móc câu", "structure": "standalone", "attr_gtin": "8930000000001"})
    for name in (
        "stockrecord_formset",
        "category_formset",
        "image_formset",
        "recommended_formset",
        "attribute_option_formset",
    ):
        formset = page.context.get(name)
        if formset is not None:
            for key, value in formset.management_form.initial.items():
                data[f"{formset.prefix}-{key}"] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert "attr_gtin" in response.context["form"].errors
    product.refresh_from_db()
    assert getattr(product.attr, "gtin", None) in (None, "")
