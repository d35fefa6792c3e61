"""core.permissions: one gate for staff pages — sign in, then the page's permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from core.permissions import FINANCE_PERMISSIONS, ensure_finance_group, permission_required

pytestmark = pytest.mark.django_db


@permission_required("payments.view_bankfeedevent", to_post="payments.resolve_bankfeedevent")
def page(request):
    return HttpResponse("ok")


def call(user, method="get"):
    request = getattr(RequestFactory(), method)("/page/?x=1")
    request.user = user
    return page(request)


def user_with(*codenames: str) -> User:
    user = User.objects.create_user("_".join(codenames), password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="payments", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # fresh permission cache


def test_signed_out_visitors_are_sent_to_sign_in_and_come_back():
    response = call(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/page/%3Fx%3D1"


def test_staff_without_the_permission_are_refused():
    with pytest.raises(PermissionDenied):
        call(User.objects.create_user("nhanvien", password="x", is_staff=True))


def test_reading_needs_the_view_permission_only():
    assert call(user_with("view_bankfeedevent")).status_code == 200


def test_posting_needs_the_action_permission_too():
    with pytest.raises(PermissionDenied):
        call(user_with("view_bankfeedevent"), "post")
    both = user_with("view_bankfeedevent", "resolve_bankfeedevent")
    assert call(both, "post").status_code == 200


def test_the_finance_group_holds_every_money_permission():
    group = ensure_finance_group()
    held = {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }
    wanted = {(label, code) for label, codes in FINANCE_PERMISSIONS.items() for code in codes}
    assert held == wanted
