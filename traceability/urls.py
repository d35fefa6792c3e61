"""The public scan page at the site root: GS1 Digital Link paths /01/<gtin>[/22/…][/10/…][/21/…].

Included before Wagtail's catch-all. Everything under /01/ reaches the resolver, which parses
it with the codec, so a malformed address gets a 400 page that explains instead of a 404.
"""

from django.urls import path, re_path

from traceability import views

app_name = "traceability"

urlpatterns = [
    path("trace/", views.lookup, name="lookup"),
    re_path(r"^trace/scan/(?P<rest>01/.*)$", views.beacon, name="beacon"),
    re_path(r"^(?P<rest>01/.*)$", views.resolve, name="resolve"),
]
