"""Oscar's dashboard category form shows its errors for a bad post instead of a server error."""

import pytest
from oscar.test.factories import CategoryFactory

from tests.fulfilment import builders

pytestmark = pytest.mark.django_db


def test_category_posted_without_a_name_shows_the_form_and_changes_nothing(client):
    category = CategoryFactory(name="Chè xanh")
    slug = category.slug
    client.force_login(builders.staff())
    response = client.post(f"/shop/dashboard/catalogue/categories/{category.pk}/update/", {})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    category.refresh_from_db()
    assert (category.name, category.slug) == ("Chè xanh", slug)
