"""Reach Oscar's own view functions, with the sign-in and dashboard-permission decorators
Oscar wraps them in, so a URL pattern placed before Oscar's include can add a check (POST
only, product visibility) and hand over to the stock view instead of forking its app."""

from __future__ import annotations

from types import SimpleNamespace

from django.apps import apps
from django.urls import URLPattern, URLResolver


def oscar_view(app_label: str, url_name: str, *, route: str | None = None):
    """The view function Oscar's app ``app_label`` serves for ``url_name``, decorated as
    Oscar decorates it. ``route`` tells apart patterns sharing one name."""

    def patterns(items):
        for item in items:
            if isinstance(item, URLResolver):
                yield from patterns(item.url_patterns)
            elif isinstance(item, URLPattern):
                yield item

    for pattern in patterns(apps.get_app_config(app_label).urls[0]):
        if pattern.name == url_name and (route is None or str(pattern.pattern) == route):
            return pattern.callback
    raise LookupError(f"Oscar app {app_label!r} has no URL named {url_name!r} ({route})")


def post_only(view_class):
    """A subclass of an Oscar view that changes data in ``get``: it answers POST (with the
    CSRF check) and refuses GET with 405, so a link or an image cannot change anything."""
    return type(
        view_class.__name__,
        (view_class,),
        {
            "__module__": __name__,
            "http_method_names": ["post", "options"],
            "post": lambda self, request, *args, **kwargs: view_class.get(
                self, request, *args, **kwargs
            ),
        },
    )


def oscar_guarded(app_label: str, url_name: str, view):
    """``view`` behind the sign-in and dashboard-permission check Oscar's app ``app_label``
    puts on its URL ``url_name``, so a wrapper's own answer (a 400) never reaches someone
    Oscar would have turned away first."""
    config = apps.get_app_config(app_label)
    decorator = config.get_url_decorator(SimpleNamespace(name=url_name))
    return decorator(view) if decorator else view
