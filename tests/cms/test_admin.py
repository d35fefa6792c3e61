"""The tag admin's "merge tags" page needs the tag permission, not only staff status."""

import pytest
from django.contrib.auth.models import User
from taggit.models import Tag

from tests import factories

pytestmark = pytest.mark.django_db
MERGE = "/django-admin/taggit/tag/merge-tags/"


def test_staff_without_tag_permission_cannot_merge_or_create_tags(client):
    client.force_login(factories.finance_user())
    assert client.get(MERGE).status_code == 403
    assert client.post(MERGE, {"new_tag_name": "che-gia"}).status_code == 403
    assert not Tag.objects.filter(name="che-gia").exists()


def test_superuser_still_opens_the_merge_page(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.vn", "x"))
    assert client.get(MERGE).status_code == 200
