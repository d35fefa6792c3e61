"""The portal's one gate: sign-in first, then the producer in the URL must be one the user
may act for (their partner's, one they assist, or any for operators holding
``catalog.change_producer``), else 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required

from catalog.portal.selectors import producer_for_user_or_404, producers_for_user


def portal_view(view):
    """Decorate ``view(request, producer, **kwargs)`` routed with ``<producer_slug>``."""

    @login_required
    @wraps(view)
    def wrapper(request, producer_slug: str, **kwargs):
        producer = producer_for_user_or_404(request.user, producer_slug)
        request.portal_producer = producer
        request.portal_producers = list(producers_for_user(request.user)[:50])
        return view(request, producer, **kwargs)

    return wrapper
