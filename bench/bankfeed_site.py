"""Settings for bench/bench_bankfeed.py's server: the site as it is, plus one bare view.

``/bench/hello`` answers "hello" through the whole middleware stack: the cheapest Django
view there is, the baseline the webhook's rate is compared with in the same run.
"""

# ruff: noqa: F403, F405
from django.http import HttpResponse
from django.urls import path

from config.settings import *

ROOT_URLCONF = "bench.bankfeed_site"


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


def _urlpatterns():
    from config import urls

    return [path("bench/hello", hello), *urls.urlpatterns]


def __getattr__(name):  # urlpatterns built on first use, once the apps are ready
    if name == "urlpatterns":
        return _urlpatterns()
    if name == "handler404":
        return "config.views.page_not_found"
    raise AttributeError(name)
