"""Producer staff membership (an Oscar partner's users) changes only by a POST with a CSRF
token, never by a link: Oscar's dashboard links a user on GET. Every link and unlink is
recorded in the partner's history (catalog/models.py), shown in the Django admin. A
producer's partner cannot be deleted from the dashboard (a message, not a server error)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.oscar_views import oscar_view

partner_user_link = require_POST(oscar_view("partners_dashboard", "partner-user-link"))
partner_user_unlink = require_POST(oscar_view("partners_dashboard", "partner-user-unlink"))


def _partner_delete(view):
    """Oscar deletes a partner outright; a producer's partner is protected (Producer.partner),
    which Oscar does not expect: say so instead of failing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "This partner is a producer's account in the shop and cannot be deleted. "
                    "Close the producer in the Django admin instead."
                ),
            )
            return redirect("dashboard:partner-manage", pk=kwargs["pk"])

    return wrapper


partner_delete = _partner_delete(oscar_view("partners_dashboard", "partner-delete"))
