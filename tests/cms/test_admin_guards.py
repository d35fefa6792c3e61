"""Wagtail admin views that failed with a server error on a POST missing a field answer 400;
Wagtail's deliberate error page is not served; sign-in still comes first."""

import pytest
from django.contrib.auth.models import User

from cms.demo import seed_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    seed_pages()
    client.force_login(User.objects.create_superuser("admin", "a@example.vn", "x"))
    return client


@pytest.mark.parametrize(
    "url, data",
    [
        ("/cms/pages/{home}/copy/", {}),
        ("/cms/pages/{home}/copy/", {"new_parent_page": "999999"}),
        ("/cms/pages/{home}/copy/", {"new_parent_page": "x"}),
        ("/cms/choose-external-link/", {}),
        ("/cms/redirects/import/process/", {}),
    ],
)
def test_a_post_missing_its_fields_is_a_bad_request(admin, url, data):
    from wagtail.models import Page

    home = Page.objects.filter(depth=2).first().pk
    assert admin.post(url.format(home=home), data).status_code == 400


def test_the_external_link_chooser_still_works(admin):
    data = {
        "external-link-chooser-url": "https://example.org/",
        "external-link-chooser-link_text": "x",
    }
    assert admin.post("/cms/choose-external-link/", data).status_code == 200


def test_signed_out_post_still_goes_to_sign_in(client):
    seed_pages()
    response = client.post("/cms/choose-external-link/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")


def test_wagtails_deliberate_error_page_is_not_served(admin):
    assert admin.get("/cms/failwhale/").status_code == 404
