"""Producer staff membership (an Oscar partner's users) changes only by a POST with a CSRF
token, never by a link: Oscar's dashboard links a user on GET. Every link and unlink is
recorded in the partner's history (catalog/models.py), shown in the Django admin."""

from __future__ import annotations

from django.views.decorators.http import require_POST

from core.oscar_views import oscar_view

partner_user_link = require_POST(oscar_view("partners_dashboard", "partner-user-link"))
partner_user_unlink = require_POST(oscar_view("partners_dashboard", "partner-user-unlink"))
