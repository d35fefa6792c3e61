"""How the URL matrix asks: one request as one role, in a savepoint that is rolled back.

``outcome`` names the answer the way the table does: an HTTP status, "login" (a redirect to
the sign-in page of that part of the site) or "done" (a redirect anywhere else). A view that
raises is recorded as ``"500 <exception>"`` rather than stopping the run.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# The sign-in page of each part of the site. Oscar's dashboard login redirects to the one
# page (config/urls.py); Wagtail's and Django admin's have their own forms.
LOGIN_PAGES = {
    "/accounts/login/",
    "/shop/dashboard/login/",
    "/cms/login/",
    "/django-admin/login/",
}


def routes(resolver=None, prefix: str = ""):
    """Every URL pattern of the site as the resolver strings them together."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def outcome(response) -> object:
    if response.status_code not in (301, 302, 303, 307, 308):
        return response.status_code
    location = urlsplit(response["Location"]).path
    return "login" if location in LOGIN_PAGES else "done"


class Asker:
    """Signed-in clients for every role, each request undone after it is answered."""

    def __init__(self, users: dict):
        self.cookies = {}
        for role, user in users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            self.cookies[role] = client.cookies

    def ask(self, role: str, method: str, url: str, data=None, snapshot=None, **extra):
        """``(outcome, changed)``: ``changed`` says whether ``snapshot()`` read differently
        after the request (the database is put back either way)."""
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        for name, morsel in self.cookies[role].items():
            client.cookies[name] = morsel.value
        savepoint = transaction.savepoint()
        try:
            before = snapshot() if snapshot else None
            if method == "get":
                response = client.get(url, **extra)
            else:
                response = client.post(url, {} if data is None else data, **extra)
            changed = bool(snapshot) and snapshot() != before
            return outcome(response), changed
        except Exception as exc:  # noqa: BLE001 - a server error is what we look for
            return f"500 {type(exc).__name__}: {str(exc)[:160]}", False
        finally:
            transaction.savepoint_rollback(savepoint)
            cache.clear()


def _group_end(text: str, start: int) -> int:
    """Index just past the regex group that opens at ``text[start] == "("``."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced group in {text!r}")


def fill_route(route: str, value) -> str:
    """A concrete path for ``route``: each parameter replaced by ``value(name, converter)``
    (regex groups by ``value(name or "", "re")``), anchors and escapes dropped."""
    route = re.sub(
        r"(?<!\?P)<(?:(\w+):)?(\w+)>", lambda m: str(value(m.group(2), m.group(1) or "str")), route
    )
    out, index = [], 0
    while index < len(route):
        char = route[index]
        if char == "\\" and index + 1 < len(route):
            out.append(route[index + 1])
            index += 2
        elif char == "(":
            end = _group_end(route, index)
            named = re.match(r"\(\?P<(\w+)>", route[index:])
            out.append(str(value(named.group(1) if named else "", "re")))
            index = end
        elif char in "^$":
            index += 1
        elif char == "." and route[index + 1 : index + 2] == "*":
            out.append("x")
            index += 2
        else:
            out.append(char)
            index += 1
    return "/" + "".join(out)


def same_route(a: str, b: str) -> bool:
    """Routes as the walk strings them and as ``resolve(...).route`` does (no inner ``^``)."""
    return a.replace("^", "") == b.replace("^", "")


class VendorFiller:
    """Concrete values for the parameters of Wagtail's and Django admin's routes: existing
    objects where the route names one, so pages render rather than answer 404."""

    def __init__(self, ids: dict):
        from django.apps import apps
        from django.contrib import admin

        self.ids = ids
        self.first_pk = {}
        for model in admin.site._registry:
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            label = f"{model._meta.app_label}/{model._meta.model_name}"
            self.first_pk[label] = "1" if pk is None else str(pk)
        self.apps = apps

    def url(self, route: str) -> str:
        return fill_route(route, lambda name, conv: self.value(route, name, conv))

    def value(self, route: str, name: str, conv: str):
        ids = self.ids
        if route.startswith("django-admin/"):
            if name == "object_id" or (conv == "re" and not name):
                parts = route.split("/")
                return self.first_pk.get("/".join(parts[1:3]), "1")
            if name == "app_label":
                return "market"
            if name == "id":
                return ids["user_superuser"]
            return "nothing/here" if name == "url" else "1"
        by_name = {
            "page_id": ids["page"],
            "parent_page_id": ids["page"],
            "page_to_move_id": ids["page"],
            "destination_id": ids["page"],
            "image_id": ids["image"],
            "document_id": ids["document"],
            "doc_id": ids["document"],
            "content_type_app_name": "wagtailcore",
            "content_type_model_name": "page",
            "app_label": "wagtailcore",
            "model_name": "page",
            "app_name": "wagtailcore",
            "filter_spec": "original",
            "action_name": "approve",
            "action": "delete",
            "uidb64": "MQ",
            "token": "bad-token",
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
            "object_id": ids["page"],
        }
        if name in by_name:
            return by_name[name]
        if name == "pk":
            for area, key in (("cms/users/", "user_editor"), ("cms/api/main/^images", "image"),
                              ("cms/api/main/^documents", "document"), ("cms/images/", "image"),
                              ("cms/documents/", "document"), ("cms/pages/", "page"),
                              ("cms/api/main/^pages", "page")):  # fmt: skip
                if route.startswith(area):
                    return ids[key]
        return "1" if conv in ("int", "re", "path", "slug", "str") else "1"
