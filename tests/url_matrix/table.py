"""The authorization matrix: every URL pattern of the site → what each role gets, GET and POST.

Keys are the resolver's own route strings (``python -c`` walking ``get_resolver()`` prints them;
the test names any that are missing here or no longer exist). Each route has one or more
probes: a URL with objects of different tenants filled in (``{product_b}`` from
tests/url_matrix/world.py), the answer per role to a GET and to a POST (empty unless the probe
gives data), and optionally a check that a refused POST changed nothing.

Answers: an HTTP status, "login" (302 to the sign-in page of that part of the site), "done"
(302 anywhere else: the action ran or the page moved on). Wagtail's admin (/cms/) and Django
admin (/django-admin/) have one gate each, so they are covered by prefix rules (VENDOR_RULES)
that still request every one of their patterns as every role.

Roles (tests/url_matrix/world.py): anonymous; shopper_a, shopper_b; producer_a, producer_b
(producer staff); digital (community digital team, assisting producer A and market X);
stallholder (stall X-01); board_x, board_y (market boards); official (Thái Nguyên, market X's
province, read only); editor (Wagtail editor, not shop staff); finance (is_staff, Finance
group); superuser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.url_matrix.world import COD_A, ORDER_A, ORDER_B, ROLES, TRANSFER_A, A, B, X, Y


@dataclass(frozen=True)
class Probe:
    url: str
    get: dict
    post: dict
    data: dict = field(default_factory=dict)
    content_type: str = ""
    #: what a POST must leave alone (a reader in test_url_matrix._state); with "_if_refused",
    #: only for the roles the POST is refused to
    unchanged: str = ""
    #: roles for whom ``unchanged`` is not checked (the owner acting on their own things)
    owners: tuple = ()


def every(answer) -> dict:
    return dict.fromkeys(ROLES, answer)


def answers(default, **by_role) -> dict:
    return {role: by_role.get(role, default) for role in ROLES}


def swap(table: dict, old, new) -> dict:
    """``table`` with every ``old`` answer replaced by ``new`` (a page's form posted)."""
    return {role: new if answer == old else answer for role, answer in table.items()}


STAFF = ("finance", "superuser")  # is_staff: shop staff
EVERYONE_200 = every(200)
EVERYONE_405 = every(405)
SIGNED_IN = answers(200, anonymous="login")
SIGNED_IN_405 = answers(405, anonymous="login")
SIGNED_IN_DONE = answers("done", anonymous="login")
ANON_ONLY = answers(403, anonymous=200)  # password reset: signed-in users are refused

# --- markets (market/access.py): boards, digital team, officials and shop staff read; boards,
# the digital team and operators (market.change_stall: the superuser) change ---
READ_X = answers(403, anonymous="login", digital=200, board_x=200, official=200,
                 finance=200, superuser=200)  # fmt: skip
MANAGE_X = {**READ_X, "official": 403, "finance": 403}
ACT_X = swap(MANAGE_X, 200, "done")
READ_Y = answers(403, anonymous="login", board_y=200, finance=200, superuser=200)
MANAGE_Y = {**READ_Y, "finance": 403}
STALL_X1 = {**READ_X, "stallholder": 200}
ALERTS_X = {**MANAGE_X, "digital": 403, "finance": 200}
RECOMPUTE_X = answers(403, anonymous="login", board_x="done", superuser="done")
PROVINCE_TN = answers(403, anonymous="login", official=200, finance=200, superuser=200)
PROVINCE_TQ = {**PROVINCE_TN, "official": 403}
NOT_FOUND = answers(404, anonymous="login")
# X's pages asked about Y's objects: 404 for those who may read X, 403 for the others.
X_ASKS_Y = swap(READ_X, 200, 404)
# --- the stall app (/stall/): stall X-01's stallholder only ---
STALL_APP = answers(403, anonymous="login", stallholder=200)
STALL_JSON = {**STALL_APP, "anonymous": 401}
# --- money pages (core/permissions.py, the Finance group) ---
FINANCE = answers(403, anonymous="login", finance=200, superuser=200)
# --- producer portal: producer A's staff, the digital team assisting A, operators
# (catalog.change_producer: the superuser; Finance staff do not act for producers) ---
PORTAL_A = answers(404, anonymous="login", producer_a=200, digital=200, superuser=200)
PORTAL_B = answers(404, anonymous="login", producer_b=200, superuser=200)
PORTAL_A_ACT = swap(PORTAL_A, 200, "done")
PAYOUTS = FINANCE
# --- Oscar's dashboard: producer staff see their own; every other sub-app is superuser only ---
DASHBOARD = answers(403, anonymous="login", producer_a=200, producer_b=200, superuser=200)
DASH_A = {**DASHBOARD, "producer_b": 404}
DASH_B = {**DASHBOARD, "producer_a": 404}
SUPER = answers(403, anonymous="login", superuser=200)
SUPER_DONE = swap(SUPER, 200, "done")
SUPER_405 = swap(SUPER, 200, 405)
# --- the shopper's account: their own things, 404 for anyone else's ---
OWN_A = answers(404, anonymous="login", shopper_a=200)
OWN_A_DONE = swap(OWN_A, 200, "done")
OWN_A_405 = swap(OWN_A, 200, 405)
# --- an order's payment pages: its shopper and shop staff (payments/orders/access.py) ---
ORDER_A_VIEWERS = answers(404, shopper_a=200, finance=200, superuser=200)

CHE = "che-moc-cau"
D = "/shop/dashboard"
M = f"/markets/{X}"
MY = f"/markets/{Y}"
S = f"/stall/{X}/X-01"
P = f"/producer/{A}"
T = f"/producer/{A}/trace"
ACC = "/shop/accounts"
WL = f"{ACC}/wishlists"

# fmt: off
ROUTES: dict[str, list[Probe]] = {
    # --- site-wide ---
    "healthz": [Probe("/healthz", EVERYONE_200, EVERYONE_200)],
    # The promotional site's search, sitemap and robots.txt (cms/views.py): public, GET only.
    "tim-kiem/": [Probe("/tim-kiem/?q=che", EVERYONE_200, EVERYONE_405)],
    "sitemap.xml": [Probe("/sitemap.xml", EVERYONE_200, EVERYONE_405)],
    "robots.txt": [Probe("/robots.txt", EVERYONE_200, EVERYONE_405)],
    "i18n/setlang/": [Probe("/i18n/setlang/", every("done"), every("done"),
                            data={"language": "en", "next": "/"})],
    "accounts/login/": [Probe("/accounts/login/", answers("done", anonymous=200),
                              answers("done", anonymous=200))],
    "accounts/logout/": [Probe("/accounts/logout/", EVERYONE_405, EVERYONE_200)],
    "documents/^(\\d+)/(.*)$": [Probe("/documents/{document}/{document_file}", EVERYONE_200,
                                      EVERYONE_200)],
    "documents/authenticate_with_password/<int:restriction_id>/": [
        Probe("/documents/authenticate_with_password/1/", every(404), every(404))],
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": [
        Probe("/_util/authenticate_with_password/1/{page}/", every(404), every(404))],
    "_util/login/": [Probe("/_util/login/", EVERYONE_200, EVERYONE_200)],
    "^((?:[\\w\\-]+/)*)$": [
        Probe("/", EVERYONE_200, EVERYONE_200),
        Probe("/khong-co-trang-nay/", every(404), every(404)),
    ],
    # --- news feeds (cms/feeds.py), in front of the Wagtail pages ---
    "tin-tuc/rss.xml": [Probe("/tin-tuc/rss.xml", EVERYONE_200, EVERYONE_405)],
    "tin-tuc/atom.xml": [Probe("/tin-tuc/atom.xml", EVERYONE_200, EVERYONE_405)],
    # --- markets ---
    "markets/": [Probe("/markets/", EVERYONE_200, EVERYONE_200)],
    "markets/mine/": [Probe("/markets/mine/", SIGNED_IN, SIGNED_IN)],
    "markets/province/<slug:province>/": [
        Probe("/markets/province/thai-nguyen/", PROVINCE_TN, PROVINCE_TN),
        Probe("/markets/province/tuyen-quang/", PROVINCE_TQ, PROVINCE_TQ),
    ],
    "markets/province/<slug:province>/markets.csv": [
        Probe("/markets/province/thai-nguyen/markets.csv", PROVINCE_TN, PROVINCE_TN)],
    "markets/province/<slug:province>/markets.xlsx": [
        Probe("/markets/province/tuyen-quang/markets.xlsx", PROVINCE_TQ, PROVINCE_TQ)],
    "markets/<slug:slug>/": [Probe(f"{M}/", EVERYONE_200, EVERYONE_200),
                             Probe("/markets/khong-co/", every(404), every(404))],
    "markets/<slug:slug>/board/": [Probe(f"{M}/board/", READ_X, READ_X),
                                   Probe(f"{MY}/board/", READ_Y, READ_Y)],
    "markets/<slug:slug>/board/recompute/": [
        Probe(f"{M}/board/recompute/", EVERYONE_405, RECOMPUTE_X)],
    "markets/<slug:slug>/board/days.csv": [Probe(f"{M}/board/days.csv", READ_X, READ_X)],
    "markets/<slug:slug>/board/days.xlsx": [Probe(f"{MY}/board/days.xlsx", READ_Y, READ_Y)],
    "markets/<slug:slug>/board/stalls.csv": [Probe(f"{M}/board/stalls.csv", READ_X, READ_X)],
    "markets/<slug:slug>/board/stalls.xlsx": [
        Probe(f"{MY}/board/stalls.xlsx", READ_Y, READ_Y)],
    "markets/<slug:slug>/stalls/": [Probe(f"{M}/stalls/", READ_X, READ_X),
                                    Probe(f"{MY}/stalls/", READ_Y, READ_Y)],
    "markets/<slug:slug>/stalls/new/": [Probe(f"{M}/stalls/new/", MANAGE_X, MANAGE_X)],
    "markets/<slug:slug>/stalls/import/": [Probe(f"{M}/stalls/import/", MANAGE_X, MANAGE_X)],
    "markets/<slug:slug>/stalls.csv": [Probe(f"{M}/stalls.csv", READ_X, READ_X),
                                       Probe(f"{MY}/stalls.csv", READ_Y, READ_Y)],
    "markets/<slug:slug>/stalls/<str:code>/": [
        Probe(f"{M}/stalls/X-01/", STALL_X1, STALL_X1),
        Probe(f"{M}/stalls/X-02/", READ_X, READ_X),
        Probe(f"{M}/stalls/Y-01/", NOT_FOUND, NOT_FOUND),
        Probe(f"{MY}/stalls/Y-01/", READ_Y, READ_Y),
    ],
    "markets/<slug:slug>/stalls/<str:code>/edit/": [
        Probe(f"{M}/stalls/X-01/edit/", MANAGE_X, MANAGE_X, unchanged="stalls"),
        Probe(f"{MY}/stalls/Y-01/edit/", MANAGE_Y, MANAGE_Y, unchanged="stalls"),
    ],
    "markets/<slug:slug>/stalls/<str:code>/close/": [
        Probe(f"{M}/stalls/X-02/close/", EVERYONE_405, ACT_X)],
    "markets/<slug:slug>/stalls/<str:code>/qr/register/": [
        Probe(f"{M}/stalls/X-01/qr/register/", EVERYONE_405, ACT_X)],
    "markets/<slug:slug>/stalls/<str:code>/qr.png": [
        Probe(f"{M}/stalls/X-01/qr.png", STALL_X1, STALL_X1),
        Probe(f"{MY}/stalls/Y-01/qr.png", READ_Y, READ_Y),
    ],
    "markets/<slug:slug>/stalls/<str:code>/standee-<str:size>.pdf": [
        Probe(f"{M}/stalls/X-01/standee-A6.pdf", STALL_X1, STALL_X1),
        Probe(f"{MY}/stalls/Y-01/standee-A5.pdf", READ_Y, READ_Y),
    ],
    "markets/<slug:slug>/standees/": [
        Probe(f"{M}/standees/", READ_X, MANAGE_X)],
    "markets/<slug:slug>/standees/<int:pk>/": [
        Probe(f"{M}/standees/{{batch_x}}/", READ_X, READ_X),
        Probe(f"{M}/standees/{{batch_y}}/", X_ASKS_Y, X_ASKS_Y),
    ],
    "markets/<slug:slug>/standees/<int:pk>/download/": [
        Probe(f"{M}/standees/{{batch_x}}/download/", READ_X, READ_X),
        Probe(f"{M}/standees/{{batch_y}}/download/", X_ASKS_Y, X_ASKS_Y),
    ],
    "markets/<slug:slug>/alerts/": [Probe(f"{M}/alerts/", ALERTS_X, ALERTS_X),
                                    Probe(f"{MY}/alerts/", READ_Y, READ_Y)],
    "qr/check/": [Probe("/qr/check/", EVERYONE_200, every(400))],
    # an empty report is refused with a message: no alert for any board
    "qr/check/report/": [Probe("/qr/check/report/", EVERYONE_405, every("done"),
                               unchanged="qr_alerts")],
    # --- the stall app ---
    "stall/": [Probe("/stall/", {**STALL_APP, "stallholder": "done"},
                     {**STALL_APP, "stallholder": "done"})],
    "stall/speaker/": [Probe("/stall/speaker/", {**STALL_APP, "stallholder": "done"},
                             {**STALL_APP, "stallholder": "done"})],
    "stall/<slug:slug>/<str:code>/": [
        Probe(f"{S}/", STALL_APP, {**STALL_APP, "stallholder": 400}),
        Probe(f"/stall/{Y}/Y-01/", {**STALL_APP, "stallholder": 404},
              {**STALL_APP, "stallholder": 404}),
    ],
    "stall/<slug:slug>/<str:code>/qr/<str:reference>/": [
        Probe(f"{S}/qr/{{charge_x1}}/", STALL_APP, {**STALL_APP, "stallholder": 405}),
        Probe(f"{S}/qr/{{charge_y1}}/", {**STALL_APP, "stallholder": 404},
              {**STALL_APP, "stallholder": 405}),
    ],
    "stall/<slug:slug>/<str:code>/qr/<str:reference>/status.json": [
        Probe(f"{S}/qr/{{charge_x1}}/status.json", STALL_JSON, EVERYONE_405)],
    "stall/<slug:slug>/<str:code>/cash/": [
        Probe(f"{S}/cash/", STALL_APP, {**STALL_APP, "stallholder": 400})],
    "stall/<slug:slug>/<str:code>/today/": [
        Probe(f"{S}/today/", STALL_APP, {**STALL_APP, "stallholder": 405})],
    "stall/<slug:slug>/<str:code>/speaker/": [
        Probe(f"{S}/speaker/", STALL_APP, {**STALL_APP, "stallholder": 405})],
    "stall/<slug:slug>/<str:code>/speaker/sales.json": [
        Probe(f"{S}/speaker/sales.json?after=0", STALL_JSON, EVERYONE_405)],
    # --- payments: QR images, order status, card pages, webhooks, finance pages ---
    "pay/^qr/(?P<reference>[0-9A-Za-z]{1,16})\\.(?P<fmt>png|svg|card\\.png)$": [
        Probe(f"/pay/qr/{TRANSFER_A}.png", ORDER_A_VIEWERS, EVERYONE_405),
        Probe(f"/pay/qr/{TRANSFER_A}.svg", ORDER_A_VIEWERS, EVERYONE_405),
        Probe(f"/pay/qr/{TRANSFER_A}.card.png", ORDER_A_VIEWERS, EVERYONE_405),
        # a stall's per-sale QR: its stallholder (who shows it on the phone) and shop staff
        Probe("/pay/qr/{charge_x1}.png", answers(404, stallholder=200, finance=200,
                                                 superuser=200), EVERYONE_405),
    ],
    "pay/orders/<str:number>/status.json": [
        Probe(f"/pay/orders/{TRANSFER_A}/status.json", ORDER_A_VIEWERS, EVERYONE_405)],
    "pay/card/<str:order_number>/": [
        Probe("/pay/card/{card_order}/", swap(ORDER_A_VIEWERS, 200, "done"), EVERYONE_405)],
    "pay/card/<str:order_number>/return/": [
        Probe("/pay/card/{card_order}/return/", ORDER_A_VIEWERS, EVERYONE_405)],
    "pay/webhooks/bank/<str:provider>/": [
        Probe("/pay/webhooks/bank/sepay/", EVERYONE_405, every(415)),
        Probe("/pay/webhooks/bank/casso/", EVERYONE_405, every(401),
              data={"id": 1, "amount": 1000}, content_type="application/json",
              unchanged="bank_feed"),
        Probe("/pay/webhooks/bank/sepay/", EVERYONE_405, every(401),
              data={"id": 1, "transferAmount": 1000}, content_type="application/json",
              unchanged="bank_feed"),
    ],
    "pay/webhooks/stripe/": [Probe("/pay/webhooks/stripe/", EVERYONE_405, every(400),
                                   unchanged="card_payments")],
    "pay/dashboard/cod/": [Probe("/pay/dashboard/cod/", FINANCE, swap(FINANCE, 200, 405))],
    "pay/dashboard/cod/<str:number>/cash-received/": [
        Probe(f"/pay/dashboard/cod/{COD_A}/cash-received/", swap(FINANCE, 200, 405),
              swap(FINANCE, 200, "done"), unchanged="orders_if_refused")],
    "pay/dashboard/bank-events/": [Probe("/pay/dashboard/bank-events/", FINANCE, FINANCE)],
    "pay/dashboard/bank-events/<int:event_id>/": [
        Probe("/pay/dashboard/bank-events/{event}/", FINANCE, swap(FINANCE, 200, 400))],
    "pay/dashboard/bank-events/import/": [
        Probe("/pay/dashboard/bank-events/import/", FINANCE, swap(FINANCE, 200, 400))],
    "pay/dashboard/bank-events/rejected/": [
        Probe("/pay/dashboard/bank-events/rejected/", FINANCE, FINANCE)],
    "pay/dashboard/bank-events/rejected/<int:rejection_id>/let-through/": [
        Probe("/pay/dashboard/bank-events/rejected/{rejection}/let-through/",
              swap(FINANCE, 200, 405), swap(FINANCE, 200, "done"))],
    "pay/dashboard/card-payments/": [
        Probe("/pay/dashboard/card-payments/", FINANCE, swap(FINANCE, 200, 405))],
    "pay/dashboard/card-payments/<int:pk>/refund/": [
        Probe("/pay/dashboard/card-payments/{card}/refund/", FINANCE, FINANCE,
              unchanged="card_payments")],
    # --- the producer portal ---
    "producer/": [Probe("/producer/", answers(403, anonymous="login", producer_a="done",
                                              producer_b="done", digital="done",
                                              superuser=200),
                        answers(403, anonymous="login", producer_a="done",
                                producer_b="done", digital="done",
                                superuser=200))],
    "producer/<slug:producer_slug>/": [
        Probe(f"{P}/", PORTAL_A, PORTAL_A),
        Probe(f"/producer/{B}/", PORTAL_B, PORTAL_B),
        Probe("/producer/khong-co-ai/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/phone/": [
        Probe(f"{P}/phone/", EVERYONE_405, PORTAL_A_ACT),
        Probe(f"/producer/{B}/phone/", EVERYONE_405, swap(PORTAL_B, 200, "done"),
              data={"show": "1"}, unchanged="producers_if_refused"),
    ],
    "producer/<slug:producer_slug>/products/new/": [
        Probe(f"{P}/products/new/", PORTAL_A, PORTAL_A)],
    "producer/<slug:producer_slug>/products/new/<slug:class_slug>/": [
        Probe(f"{P}/products/new/che/", PORTAL_A, PORTAL_A, unchanged="products")],
    "producer/<slug:producer_slug>/products/<int:pk>/": [
        Probe(f"{P}/products/{{product_a}}/", PORTAL_A, PORTAL_A, unchanged="products"),
        Probe(f"{P}/products/{{product_b}}/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/products/<int:pk>/publish/": [
        Probe(f"{P}/products/{{product_a}}/publish/", EVERYONE_405, PORTAL_A_ACT),
        Probe(f"{P}/products/{{product_b}}/publish/", EVERYONE_405, NOT_FOUND,
              unchanged="products"),
    ],
    "producer/<slug:producer_slug>/products/<int:pk>/photos/<int:image_pk>/delete/": [
        Probe(f"{P}/products/{{product_a}}/photos/{{image_a}}/delete/", EVERYONE_405,
              PORTAL_A_ACT),
        Probe(f"{P}/products/{{product_a}}/photos/{{image_b}}/delete/", EVERYONE_405,
              NOT_FOUND, unchanged="images"),
    ],
    "producer/<slug:producer_slug>/orders/": [
        Probe(f"{P}/orders/", PORTAL_A, PORTAL_A),
        Probe(f"/producer/{B}/orders/", PORTAL_B, PORTAL_B),
    ],
    "producer/<slug:producer_slug>/orders/<int:group_pk>/status/": [
        Probe(f"{P}/orders/{{group_a}}/status/", EVERYONE_405, PORTAL_A_ACT),
        Probe(f"{P}/orders/{{group_b}}/status/", EVERYONE_405, NOT_FOUND,
              data={"status": "packed"}, unchanged="groups"),
    ],
    "producer/<slug:producer_slug>/payouts/": [Probe(f"{P}/payouts/", PORTAL_A, PORTAL_A)],
    "producer/<slug:producer_slug>/payouts.csv": [
        Probe(f"/producer/{B}/payouts.csv", PORTAL_B, PORTAL_B)],
    "producer/<slug:producer_slug>/trace/": [Probe(f"{T}/", PORTAL_A, PORTAL_A)],
    "producer/<slug:producer_slug>/trace/lots/new/": [
        Probe(f"{T}/lots/new/", PORTAL_A, PORTAL_A)],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/": [
        Probe(f"{T}/lots/{{lot_a}}/", PORTAL_A, PORTAL_A),
        Probe(f"{T}/lots/{{lot_b}}/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/edit/": [
        Probe(f"{T}/lots/{{lot_a}}/edit/", PORTAL_A, PORTAL_A),
        Probe(f"{T}/lots/{{lot_b}}/edit/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/codes/": [
        Probe(f"{T}/lots/{{lot_a}}/codes/", PORTAL_A, PORTAL_A),
        Probe(f"{T}/lots/{{lot_b}}/codes/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/events/new/": [
        Probe(f"{T}/lots/{{lot_a}}/events/new/", PORTAL_A, PORTAL_A)],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/issue/": [
        Probe(f"{T}/lots/{{lot_a}}/issue/", EVERYONE_405, PORTAL_A_ACT),
        Probe(f"{T}/lots/{{lot_b}}/issue/", EVERYONE_405, NOT_FOUND, data={"count": "3"},
              unchanged="codes"),
    ],
    "producer/<slug:producer_slug>/trace/lots/<int:pk>/labels/": [
        Probe(f"{T}/lots/{{lot_a}}/labels/", EVERYONE_405, PORTAL_A_ACT)],
    "producer/<slug:producer_slug>/trace/labels/<int:pk>/": [
        Probe(f"{T}/labels/{{job_a}}/", PORTAL_A, PORTAL_A),
        Probe(f"{T}/labels/{{job_b}}/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/trace/labels/<int:pk>/download/": [
        Probe(f"{T}/labels/{{job_a}}/download/", PORTAL_A, PORTAL_A),
        Probe(f"{T}/labels/{{job_b}}/download/", NOT_FOUND, NOT_FOUND),
    ],
    "producer/<slug:producer_slug>/trace/import/": [
        Probe(f"{T}/import/", PORTAL_A, PORTAL_A)],
    # --- staff payout ledger ---
    "payouts/": [Probe("/payouts/", PAYOUTS, PAYOUTS)],
    "payouts/<slug:producer_slug>/": [Probe(f"/payouts/{A}/", PAYOUTS, PAYOUTS,
                                            unchanged="payouts")],
    "payouts/<slug:producer_slug>/ledger.csv": [
        Probe(f"/payouts/{B}/ledger.csv", PAYOUTS, PAYOUTS)],
    # --- public APIs and traceability ---
    "api/epcis/events": [
        Probe("/api/epcis/events", answers(400, producer_a=200, producer_b=200, digital=200,
                                           finance=200, superuser=200), EVERYONE_405),
        Probe("/api/epcis/events?lot=CHE-A1", EVERYONE_200, EVERYONE_405),
    ],
    "api/^products/$": [Probe("/api/products/", EVERYONE_200,
                              answers(405, anonymous=403))],
    "api/^products/(?P<pk>[^/.]+)/$": [
        Probe("/api/products/{product_a}/", EVERYONE_200, answers(405, anonymous=403)),
        Probe("/api/products/{draft_a}/", every(404), answers(405, anonymous=403)),
    ],
    "api/^producers/$": [Probe("/api/producers/", EVERYONE_200,
                               answers(405, anonymous=403))],
    "api/^producers/(?P<slug>[^/.]+)/$": [
        Probe(f"/api/producers/{A}/", EVERYONE_200, answers(405, anonymous=403))],
    "api/schema/": [Probe("/api/schema/", EVERYONE_200, EVERYONE_405)],
    "api/^markets/$": [Probe("/api/markets/", answers(200, anonymous=401),
                             answers(405, anonymous=401))],
    "api/^markets/(?P<slug>[^/.]+)/$": [
        Probe(f"/api/markets/{X}/", answers(404, anonymous=401, board_x=200, official=200,
                                            finance=200, superuser=200),
              answers(405, anonymous=401)),
        Probe(f"/api/markets/{Y}/", answers(404, anonymous=401, board_y=200, finance=200,
                                            superuser=200),
              answers(405, anonymous=401)),
    ],
    "api/^markets/(?P<slug>[^/.]+)/days/$": [
        Probe(f"/api/markets/{X}/days/", answers(404, anonymous=401, board_x=200,
                                                 official=200, finance=200, superuser=200),
              answers(405, anonymous=401))],
    "api/^provinces/$": [Probe("/api/provinces/", answers(200, anonymous=401),
                               answers(405, anonymous=401))],
    "api/^provinces/(?P<slug>[^/.]+)/$": [
        Probe("/api/provinces/thai-nguyen/",
              answers(404, anonymous=401, official=200, finance=200, superuser=200),
              answers(405, anonymous=401))],
    "api/^provinces/(?P<slug>[^/.]+)/days/$": [
        Probe("/api/provinces/tuyen-quang/days/",
              answers(404, anonymous=401, finance=200, superuser=200),
              answers(405, anonymous=401))],
    "trace/": [Probe("/trace/", EVERYONE_200, EVERYONE_405)],
    "^trace/scan/(?P<rest>01/.*)$": [
        Probe("/trace/scan/01/{gtin_a}/10/CHE-A1/21/ABCD2345", EVERYONE_200, EVERYONE_405)],
    "^(?P<rest>01/.*)$": [
        Probe("/01/{gtin_a}/10/CHE-A1/21/ABCD2345", EVERYONE_200, EVERYONE_405),
        # B's lot code under A's GTIN: A's product page, nothing of B's lot
        Probe("/01/{gtin_a}/10/MO-B1", EVERYONE_200, EVERYONE_405),
    ],
    # --- shop: producer pages and feeds (catalog/urls.py) ---
    "shop/producers/": [Probe("/shop/producers/", EVERYONE_200, EVERYONE_405)],
    "shop/producers/<slug:slug>/": [Probe(f"/shop/producers/{A}/", EVERYONE_200, EVERYONE_405)],
    "shop/producers/<slug:slug>/feed.csv": [
        Probe(f"/shop/producers/{A}/feed.csv", EVERYONE_200, EVERYONE_405)],
    "shop/producers/<slug:slug>/feed.xml": [
        Probe(f"/shop/producers/{B}/feed.xml", EVERYONE_200, EVERYONE_405)],
    "shop/feeds/products.csv": [Probe("/shop/feeds/products.csv", EVERYONE_200, EVERYONE_405)],
    "shop/feeds/products.xml": [Probe("/shop/feeds/products.xml", EVERYONE_200, EVERYONE_405)],
    # --- Oscar storefront ---
    "shop/": [Probe("/shop/", every("done"), every("done"))],
    "shop/catalogue/": [Probe("/shop/catalogue/", EVERYONE_200, EVERYONE_405)],
    "shop/catalogue/^(?P<product_slug>[\\w-]*)_(?P<pk>\\d+)/$": [
        Probe(f"/shop/catalogue/{CHE}_{{product_a}}/", EVERYONE_200, EVERYONE_405),
        # An unpublished product is neither shown nor revealed by the x_<id> redirect.
        Probe("/shop/catalogue/x_{draft_a}/", answers(404, finance="done", superuser="done"),
              EVERYONE_405),
        Probe("/shop/catalogue/che-chua-dang_{draft_a}/",
              answers(404, finance=200, superuser=200), EVERYONE_405),
    ],
    "shop/catalogue/^category/(?P<category_slug>[\\w-]+(/[\\w-]+)*)_(?P<pk>\\d+)/$": [
        Probe("/shop/catalogue/category/{category_slug}_{category}/", EVERYONE_200,
              EVERYONE_405)],
    "shop/catalogue/^ranges/(?P<slug>[\\w-]+)/$": [
        Probe("/shop/catalogue/ranges/{range_slug}/", EVERYONE_200, EVERYONE_405)],
    "shop/catalogue/^(?P<product_slug>[\\w-]*)_(?P<product_pk>\\d+)/reviews/": [
        Probe(f"/shop/catalogue/{CHE}_{{product_a}}/reviews/", EVERYONE_200, EVERYONE_405)],
    "shop/catalogue/^(?P<product_slug>[\\w-]*)_(?P<product_pk>\\d+)/reviews/<int:pk>/": [
        Probe(f"/shop/catalogue/{CHE}_{{product_a}}/reviews/{{review_a}}/", EVERYONE_200,
              EVERYONE_405)],
    "shop/catalogue/^(?P<product_slug>[\\w-]*)_(?P<product_pk>\\d+)/reviews/add/": [
        # shopper A reviewed product A already: sent back to it
        Probe(f"/shop/catalogue/{CHE}_{{product_a}}/reviews/add/",
              answers(200, shopper_a="done"), answers(200, shopper_a="done")),
        Probe("/shop/catalogue/x_{draft_a}/reviews/add/", every(404), every(404),
              unchanged="reviews"),
    ],
    "shop/catalogue/^(?P<product_slug>[\\w-]*)_(?P<product_pk>\\d+)/reviews/<int:pk>/vote/": [
        Probe(f"/shop/catalogue/{CHE}_{{product_a}}/reviews/{{review_a}}/vote/",
              SIGNED_IN_405, SIGNED_IN_DONE)],
    "shop/search/": [Probe("/shop/search/?q=che", EVERYONE_200, EVERYONE_405)],
    "shop/offers/": [Probe("/shop/offers/", EVERYONE_200, EVERYONE_405)],
    "shop/offers/^(?P<slug>[\\w-]+)/$": [
        Probe("/shop/offers/{offer_slug}/", EVERYONE_200, EVERYONE_405)],
    "shop/wishlists/<str:key>/": [
        # shared wishlist page: shopper A's list is private (visibility "Private")
        Probe("/shop/wishlists/{wishlist_a}/", answers(403, shopper_a=200),
              answers(403, shopper_a=405))],
    # --- basket and checkout ---
    "shop/basket/": [Probe("/shop/basket/", EVERYONE_200, EVERYONE_200)],
    "shop/basket/add/<int:pk>/": [
        Probe("/shop/basket/add/{product_a}/", EVERYONE_405, every("done"),
              data={"quantity": "1"}),
        # an unpublished product cannot be bought: refused, the basket stays empty
        Probe("/shop/basket/add/{draft_a}/", EVERYONE_405, every("done"),
              data={"quantity": "1"}, unchanged="basket_lines"),
    ],
    "shop/basket/vouchers/add/": [Probe("/shop/basket/vouchers/add/", every("done"),
                                        every("done"))],
    "shop/basket/vouchers/<int:pk>/remove/": [
        Probe("/shop/basket/vouchers/{voucher}/remove/", EVERYONE_405, every("done"))],
    "shop/basket/saved/": [Probe("/shop/basket/saved/", SIGNED_IN_DONE, SIGNED_IN_DONE)],
    "shop/checkout/": [Probe("/shop/checkout/", every("done"), every("done"))],
    "shop/checkout/shipping-address/": [
        Probe("/shop/checkout/shipping-address/", every("done"), every("done"))],
    "shop/checkout/user-address/edit/<int:pk>/": [
        Probe("/shop/checkout/user-address/edit/{address_a}/", OWN_A, OWN_A,
              unchanged="addresses_if_refused"),
        Probe("/shop/checkout/user-address/edit/{address_b}/",
              answers(404, anonymous="login", shopper_b=200),
              answers(404, anonymous="login", shopper_b=200)),
    ],
    "shop/checkout/user-address/delete/<int:pk>/": [
        Probe("/shop/checkout/user-address/delete/{address_a}/", OWN_A,
              {**OWN_A, "shopper_a": "done"}, unchanged="addresses_if_refused")],
    "shop/checkout/shipping-method/": [
        Probe("/shop/checkout/shipping-method/", every("done"), every("done"))],
    "shop/checkout/payment-method/": [
        Probe("/shop/checkout/payment-method/", every("done"), every("done"))],
    "shop/checkout/payment-details/": [
        Probe("/shop/checkout/payment-details/", every("done"), every("done"))],
    "shop/checkout/preview/": [Probe("/shop/checkout/preview/", every("done"), every("done"))],
    "shop/checkout/thank-you/": [
        Probe("/shop/checkout/thank-you/", every("done"), EVERYONE_405)],
    # --- customer accounts ---
    "shop/accounts/login/": [
        Probe(f"{ACC}/login/", answers("done", anonymous=200), every(400))],
    "shop/accounts/logout/": [Probe(f"{ACC}/logout/", EVERYONE_405, every("done"))],
    "shop/accounts/register/": [
        Probe(f"{ACC}/register/", answers("done", anonymous=200), EVERYONE_200)],
    "shop/accounts/": [Probe(f"{ACC}/", SIGNED_IN_DONE, SIGNED_IN_DONE)],
    "shop/accounts/change-password/": [
        Probe(f"{ACC}/change-password/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/profile/": [Probe(f"{ACC}/profile/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/profile/edit/": [Probe(f"{ACC}/profile/edit/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/profile/delete/": [Probe(f"{ACC}/profile/delete/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/orders/": [Probe(f"{ACC}/orders/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/orders/<str:order_number>/": [
        Probe(f"{ACC}/orders/{ORDER_A}/", OWN_A, OWN_A),
        Probe(f"{ACC}/orders/{ORDER_B}/", answers(404, anonymous="login", shopper_b=200),
              answers(404, anonymous="login", shopper_b=200)),
    ],
    "shop/accounts/orders/<str:order_number>/<int:line_id>/": [
        # the owner is sent to the order's page (Oscar has no line page template)
        Probe(f"{ACC}/orders/{ORDER_A}/{{line_a}}/", OWN_A_DONE, OWN_A_DONE),
        Probe(f"{ACC}/orders/{ORDER_A}/{{line_b}}/", NOT_FOUND, NOT_FOUND),
    ],
    "shop/accounts/^order-status-form/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": [
        Probe(f"{ACC}/order-status-form/{ORDER_A}/{{anon_hash_a}}/", EVERYONE_200,
              EVERYONE_200)],
    "shop/accounts/^order-status/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": [
        Probe(f"{ACC}/order-status/{ORDER_A}/{{anon_hash_a}}/", every("done"), every("done")),
        Probe(f"{ACC}/order-status/{ORDER_A}/{{anon_hash_b}}/", every("done"), every("done")),
    ],
    "shop/accounts/addresses/": [Probe(f"{ACC}/addresses/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/addresses/add/": [Probe(f"{ACC}/addresses/add/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/addresses/<int:pk>/": [
        Probe(f"{ACC}/addresses/{{address_a}}/", OWN_A, OWN_A,
              unchanged="addresses_if_refused")],
    "shop/accounts/addresses/<int:pk>/delete/": [
        Probe(f"{ACC}/addresses/{{address_a}}/delete/", OWN_A,
              {**OWN_A, "shopper_a": "done"}, unchanged="addresses_if_refused")],
    "shop/accounts/^addresses/(?P<pk>\\d+)/(?P<action>default_for_(billing|shipping))/$": [
        # changes data: POST only
        Probe(f"{ACC}/addresses/{{address_a}}/default_for_shipping/", SIGNED_IN_405,
              OWN_A_DONE, unchanged="addresses_if_refused")],
    "shop/accounts/emails/": [Probe(f"{ACC}/emails/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/emails/<int:email_id>/": [
        Probe(f"{ACC}/emails/{{email_a}}/", OWN_A, SIGNED_IN_405)],
    "shop/accounts/notifications/": [
        Probe(f"{ACC}/notifications/", every("done"), every("done"))],
    "shop/accounts/notifications/inbox/": [
        Probe(f"{ACC}/notifications/inbox/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/notifications/archive/": [
        Probe(f"{ACC}/notifications/archive/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/notifications/update/": [
        Probe(f"{ACC}/notifications/update/", SIGNED_IN_405, SIGNED_IN_DONE,
              data={"action": "archive", "selected_notification": "{notification_a}"},
              unchanged="notifications", owners=("shopper_a",))],
    "shop/accounts/notifications/<int:pk>/": [
        Probe(f"{ACC}/notifications/{{notification_a}}/", OWN_A, SIGNED_IN_405)],
    "shop/accounts/alerts/": [Probe(f"{ACC}/alerts/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/alerts/create/<int:pk>/": [
        Probe(f"{ACC}/alerts/create/{{product_a}}/", every("done"),
              answers("done", anonymous=200, shopper_a=200))],
    "shop/accounts/alerts/confirm/<str:key>/": [
        Probe(f"{ACC}/alerts/confirm/{{alert_key_a}}/", every("done"), every("done"))],
    "shop/accounts/alerts/cancel/key/<str:key>/": [
        Probe(f"{ACC}/alerts/cancel/key/{{alert_key_a}}/", every("done"), every("done"))],
    "shop/accounts/alerts/cancel/<int:pk>/": [
        Probe(f"{ACC}/alerts/cancel/{{alert_a}}/", SIGNED_IN_405, OWN_A_DONE,
              unchanged="alerts_if_refused")],
    # --- wishlists: adding changes data, so POST only ---
    "shop/accounts/wishlists/": [Probe(f"{WL}/", SIGNED_IN, SIGNED_IN_405)],
    "shop/accounts/wishlists/add/<int:product_pk>/": [
        Probe(f"{WL}/add/{{product_b}}/", EVERYONE_405, SIGNED_IN_DONE),
        # an unpublished product: not found, the wishlist stays as it was
        Probe(f"{WL}/add/{{draft_a}}/", EVERYONE_405, every(404),
              unchanged="wishlist_lines"),
    ],
    "shop/accounts/wishlists/<str:key>/add/<int:product_pk>/": [
        Probe(f"{WL}/{{wishlist_a}}/add/{{product_b}}/", EVERYONE_405, OWN_A_DONE,
              unchanged="wishlists_if_refused")],
    "shop/accounts/wishlists/create/": [Probe(f"{WL}/create/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/wishlists/create/with-product/<int:product_pk>/": [
        Probe(f"{WL}/create/with-product/{{product_b}}/", SIGNED_IN, SIGNED_IN)],
    "shop/accounts/wishlists/<str:key>/": [
        Probe(f"{WL}/{{wishlist_a}}/", answers(404, shopper_a=200),
              answers(404, shopper_a=200))],
    "shop/accounts/wishlists/<str:key>/update/": [
        Probe(f"{WL}/{{wishlist_a}}/update/", OWN_A, OWN_A)],
    "shop/accounts/wishlists/<str:key>/delete/": [
        Probe(f"{WL}/{{wishlist_a}}/delete/", OWN_A, {**OWN_A, "shopper_a": "done"},
              unchanged="wishlists_if_refused")],
    "shop/accounts/wishlists/<str:key>/lines/<int:line_pk>/delete/": [
        Probe(f"{WL}/{{wishlist_a}}/lines/{{wishline_a}}/delete/", OWN_A,
              {**OWN_A, "shopper_a": "done"}, unchanged="wishlists_if_refused")],
    "shop/accounts/wishlists/<str:key>/products/<int:product_pk>/delete/": [
        Probe(f"{WL}/{{wishlist_a}}/products/{{product_a}}/delete/", OWN_A,
              {**OWN_A, "shopper_a": "done"}, unchanged="wishlists_if_refused")],
    "shop/accounts/wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/": [
        # into another shopper's list: refused for everyone
        Probe(f"{WL}/{{wishlist_a}}/lines/{{wishline_a}}/move-to/{{wishlist_b}}/",
              {**NOT_FOUND, "shopper_a": 405}, NOT_FOUND, unchanged="wishlists_if_refused")],
    "shop/password-reset/": [Probe("/shop/password-reset/", ANON_ONLY, ANON_ONLY)],
    "shop/password-reset/done/": [
        Probe("/shop/password-reset/done/", ANON_ONLY, answers(403, anonymous=405))],
    "shop/password-reset/confirm/<str:uidb64>/<str:token>/": [
        Probe("/shop/password-reset/confirm/MQ/bad-token/", ANON_ONLY, ANON_ONLY)],
    "shop/password-reset/complete/": [
        Probe("/shop/password-reset/complete/", ANON_ONLY, answers(403, anonymous=405))],
    # --- Oscar dashboard ---
    "shop/dashboard/login/": [Probe(f"{D}/login/", every("login"), every("login"))],
    "shop/dashboard/logout/": [Probe(f"{D}/logout/", EVERYONE_405, every("done"))],
    "shop/dashboard/": [
        Probe(f"{D}/", {**DASHBOARD, "finance": 200}, swap({**DASHBOARD, "finance": 200}, 200,
                                                          405))],
    "shop/dashboard/catalogue/": [
        Probe(f"{D}/catalogue/", DASHBOARD, swap(DASHBOARD, 200, "done"))],
    "shop/dashboard/catalogue/products/bulk-action/": [
        Probe(f"{D}/catalogue/products/bulk-action/", swap(DASHBOARD, 200, "done"),
              swap(DASHBOARD, 200, "done"))],
    "shop/dashboard/catalogue/products/<int:pk>/": [
        # a form posted without Oscar's formset management fields: errors, never a 500
        Probe(f"{D}/catalogue/products/{{product_a}}/", DASH_A, DASH_A, unchanged="products"),
        Probe(f"{D}/catalogue/products/{{product_b}}/", DASH_B, DASH_B, unchanged="products"),
        Probe(f"{D}/catalogue/products/{{draft_a}}/", DASH_A, DASH_A, unchanged="products"),
    ],
    "shop/dashboard/catalogue/products/create/": [
        Probe(f"{D}/catalogue/products/create/", swap(DASHBOARD, 200, "done"),
              swap(DASHBOARD, 200, "done"))],
    "shop/dashboard/catalogue/^products/create/(?P<product_class_slug>[\\w-]+)/$": [
        Probe(f"{D}/catalogue/products/create/che/", DASHBOARD, DASHBOARD,
              unchanged="products")],
    "shop/dashboard/catalogue/products/<int:parent_pk>/create-variant/": [
        Probe(f"{D}/catalogue/products/{{product_a}}/create-variant/", SUPER_DONE,
              SUPER_DONE)],
    "shop/dashboard/catalogue/products/<int:pk>/delete/": [
        # product A has a traceability lot: deleting it is refused with a message
        Probe(f"{D}/catalogue/products/{{product_a}}/delete/", DASH_A,
              swap(DASH_A, 200, "done"), unchanged="products"),
        Probe(f"{D}/catalogue/products/{{product_b}}/delete/", DASH_B,
              swap(DASH_B, 200, "done"), unchanged="products_if_refused"),
    ],
    "shop/dashboard/catalogue/stock-alerts/": [
        Probe(f"{D}/catalogue/stock-alerts/", SUPER, SUPER_405)],
    "shop/dashboard/catalogue/product-lookup/": [
        Probe(f"{D}/catalogue/product-lookup/?q=M", DASHBOARD, swap(DASHBOARD, 200, 405))],
    "shop/dashboard/catalogue/categories/": [
        Probe(f"{D}/catalogue/categories/", SUPER, SUPER_DONE)],
    "shop/dashboard/catalogue/categories/<int:pk>/": [
        Probe(f"{D}/catalogue/categories/{{category}}/", SUPER, SUPER_DONE)],
    "shop/dashboard/catalogue/categories/create/": [
        Probe(f"{D}/catalogue/categories/create/", SUPER, SUPER)],
    "shop/dashboard/catalogue/categories/create/<int:parent>/": [
        Probe(f"{D}/catalogue/categories/create/{{category}}/", SUPER, SUPER)],
    "shop/dashboard/catalogue/categories/<int:pk>/update/": [
        Probe(f"{D}/catalogue/categories/{{category}}/update/", SUPER, SUPER)],
    "shop/dashboard/catalogue/categories/<int:pk>/delete/": [
        Probe(f"{D}/catalogue/categories/{{category}}/delete/", SUPER, SUPER_DONE)],
    "shop/dashboard/catalogue/product-types/": [
        Probe(f"{D}/catalogue/product-types/", SUPER, SUPER_405)],
    "shop/dashboard/catalogue/product-type/create/": [
        Probe(f"{D}/catalogue/product-type/create/", SUPER, SUPER)],
    "shop/dashboard/catalogue/product-type/<int:pk>/update/": [
        Probe(f"{D}/catalogue/product-type/{{product_class}}/update/", SUPER, SUPER)],
    "shop/dashboard/catalogue/product-type/<int:pk>/delete/": [
        Probe(f"{D}/catalogue/product-type/{{product_class}}/delete/", SUPER, SUPER)],
    "shop/dashboard/catalogue/attribute-option-group/": [
        Probe(f"{D}/catalogue/attribute-option-group/", SUPER, SUPER_405)],
    "shop/dashboard/catalogue/attribute-option-group/create/": [
        Probe(f"{D}/catalogue/attribute-option-group/create/", SUPER, SUPER)],
    "shop/dashboard/catalogue/attribute-option-group/<str:pk>/update/": [
        Probe(f"{D}/catalogue/attribute-option-group/{{option_group}}/update/", SUPER, SUPER)],
    "shop/dashboard/catalogue/attribute-option-group/<str:pk>/delete/": [
        Probe(f"{D}/catalogue/attribute-option-group/{{option_group}}/delete/", SUPER,
              SUPER_DONE)],
    "shop/dashboard/catalogue/option/": [Probe(f"{D}/catalogue/option/", SUPER, SUPER_405)],
    "shop/dashboard/catalogue/option/create/": [
        Probe(f"{D}/catalogue/option/create/", SUPER, SUPER)],
    "shop/dashboard/catalogue/option/<str:pk>/update/": [
        Probe(f"{D}/catalogue/option/{{option}}/update/", SUPER, SUPER)],
    "shop/dashboard/catalogue/option/<str:pk>/delete/": [
        Probe(f"{D}/catalogue/option/{{option}}/delete/", SUPER, SUPER_DONE)],
    "shop/dashboard/reports/": [Probe(f"{D}/reports/", SUPER, SUPER_405)],
    "shop/dashboard/orders/": [Probe(f"{D}/orders/", DASHBOARD, swap(DASHBOARD, 200, "done"))],
    "shop/dashboard/orders/statistics/": [
        Probe(f"{D}/orders/statistics/", DASHBOARD, DASHBOARD)],
    "shop/dashboard/orders/<str:number>/": [
        Probe(f"{D}/orders/{ORDER_A}/", DASH_A, swap(DASH_A, 200, "done")),
        Probe(f"{D}/orders/{ORDER_B}/", DASH_B, swap(DASH_B, 200, "done")),
    ],
    "shop/dashboard/orders/<str:number>/notes/<int:note_id>/": [
        Probe(f"{D}/orders/{ORDER_A}/notes/{{note_a}}/", DASH_A, swap(DASH_A, 200, "done")),
        # order B's note through order A: not found; producers may not write notes at all
        Probe(
            f"{D}/orders/{ORDER_A}/notes/{{note_b}}/",
            {**DASH_A, "producer_a": 404, "superuser": 404},
            {**swap(DASH_A, 200, "done"), "superuser": 404},
            data={"order_action": "save_note", "message": "x"},
            unchanged="notes",
        ),
    ],
    "shop/dashboard/orders/<str:number>/lines/<int:line_id>/": [
        Probe(f"{D}/orders/{ORDER_A}/lines/{{line_a}}/", DASH_A,
              swap({**DASH_A, "producer_b": 405}, 200, 405)),
        Probe(f"{D}/orders/{ORDER_A}/lines/{{line_b}}/",
              {**DASH_A, "producer_a": 404, "superuser": 404},
              swap({**DASH_A, "producer_b": 405}, 200, 405)),
    ],
    "shop/dashboard/orders/<str:number>/shipping-address/": [
        # the customer's address is for shop staff (producers see it on the packing list)
        Probe(f"{D}/orders/{ORDER_A}/shipping-address/", {**DASH_A, "producer_a": 403},
              {**DASH_A, "producer_a": 403}, unchanged="addresses_if_refused")],
    "shop/dashboard/users/": [Probe(f"{D}/users/", SUPER, SUPER_DONE)],
    "shop/dashboard/users/^(?P<pk>-?\\d+)/$": [
        Probe(f"{D}/users/{{user_shopper_a}}/", SUPER, SUPER_405)],
    "shop/dashboard/users/^(?P<pk>-?\\d+)/password-reset/$": [
        Probe(f"{D}/users/{{user_shopper_a}}/password-reset/", SUPER_405, SUPER_DONE)],
    "shop/dashboard/users/alerts/": [Probe(f"{D}/users/alerts/", SUPER, SUPER_405)],
    "shop/dashboard/users/^alerts/(?P<pk>-?\\d+)/delete/$": [
        Probe(f"{D}/users/alerts/{{alert_a}}/delete/", SUPER, SUPER_DONE,
              unchanged="alerts_if_refused")],
    "shop/dashboard/users/^alerts/(?P<pk>-?\\d+)/update/$": [
        Probe(f"{D}/users/alerts/{{alert_a}}/update/", SUPER, SUPER)],
    "shop/dashboard/pages/": [Probe(f"{D}/pages/", SUPER, SUPER_405)],
    "shop/dashboard/pages/create/": [Probe(f"{D}/pages/create/", SUPER, SUPER)],
    "shop/dashboard/pages/update/<str:pk>/": [
        Probe(f"{D}/pages/update/{{flatpage}}/", SUPER, SUPER)],
    "shop/dashboard/pages/delete/<str:pk>/": [
        Probe(f"{D}/pages/delete/{{flatpage}}/", SUPER, SUPER_DONE)],
    "shop/dashboard/partners/": [Probe(f"{D}/partners/", SUPER, SUPER_405)],
    "shop/dashboard/partners/create/": [Probe(f"{D}/partners/create/", SUPER, SUPER)],
    "shop/dashboard/partners/<int:pk>/": [
        Probe(f"{D}/partners/{{partner_a}}/", SUPER, SUPER)],
    "shop/dashboard/partners/<int:pk>/delete/": [
        # a producer's partner cannot be deleted from here: refused with a message
        Probe(f"{D}/partners/{{partner_a}}/delete/", SUPER,
              {**SUPER, "superuser": "done"}, unchanged="partners")],
    "shop/dashboard/partners/<int:partner_pk>/users/add/": [
        Probe(f"{D}/partners/{{partner_a}}/users/add/", SUPER, SUPER)],
    "shop/dashboard/partners/<int:partner_pk>/users/select/": [
        Probe(f"{D}/partners/{{partner_a}}/users/select/", SUPER, SUPER_405)],
    # Membership changes are POST only (a GET link from a staff browser once made a shopper
    # staff of a producer).
    "shop/dashboard/partners/<int:partner_pk>/users/<int:user_pk>/link/": [
        Probe(f"{D}/partners/{{partner_b}}/users/{{user_shopper_a}}/link/", EVERYONE_405,
              SUPER_DONE, unchanged="partner_users_if_refused")],
    "shop/dashboard/partners/<int:partner_pk>/users/<int:user_pk>/unlink/": [
        Probe(f"{D}/partners/{{partner_a}}/users/{{user_producer_a}}/unlink/", EVERYONE_405,
              SUPER_DONE, unchanged="partner_users_if_refused")],
    "shop/dashboard/partners/<int:partner_pk>/users/<int:user_pk>/update/": [
        Probe(f"{D}/partners/{{partner_a}}/users/{{user_producer_a}}/update/", SUPER, SUPER)],
    "shop/dashboard/offers/": [Probe(f"{D}/offers/", SUPER, SUPER_405)],
    "shop/dashboard/offers/new/metadata/": [Probe(f"{D}/offers/new/metadata/", SUPER, SUPER)],
    "shop/dashboard/offers/new/condition/": [
        Probe(f"{D}/offers/new/condition/", SUPER_DONE, SUPER_DONE)],
    "shop/dashboard/offers/new/incentive/": [
        Probe(f"{D}/offers/new/incentive/", SUPER_DONE, SUPER_DONE)],
    "shop/dashboard/offers/new/restrictions/": [
        Probe(f"{D}/offers/new/restrictions/", SUPER_DONE, SUPER_DONE)],
    "shop/dashboard/offers/<int:pk>/metadata/": [
        Probe(f"{D}/offers/{{offer}}/metadata/", SUPER, SUPER)],
    "shop/dashboard/offers/<int:pk>/condition/": [
        Probe(f"{D}/offers/{{offer}}/condition/", SUPER, SUPER)],
    "shop/dashboard/offers/<int:pk>/incentive/": [
        Probe(f"{D}/offers/{{offer}}/incentive/", SUPER, SUPER)],
    "shop/dashboard/offers/<int:pk>/restrictions/": [
        Probe(f"{D}/offers/{{offer}}/restrictions/", SUPER, SUPER)],
    "shop/dashboard/offers/<int:pk>/delete/": [
        Probe(f"{D}/offers/{{offer}}/delete/", SUPER, SUPER_DONE)],
    "shop/dashboard/offers/<int:pk>/": [
        # Oscar's view acts only on its "suspend"/"unsuspend" buttons: anything else is a 400
        Probe(f"{D}/offers/{{offer}}/", SUPER, {**SUPER, "superuser": 400})],
    "shop/dashboard/ranges/": [Probe(f"{D}/ranges/", SUPER, SUPER_405)],
    "shop/dashboard/ranges/create/": [Probe(f"{D}/ranges/create/", SUPER, SUPER)],
    "shop/dashboard/ranges/<int:pk>/": [Probe(f"{D}/ranges/{{range}}/", SUPER, SUPER)],
    "shop/dashboard/ranges/<int:pk>/delete/": [
        Probe(f"{D}/ranges/{{range}}/delete/", SUPER, SUPER_DONE)],
    "shop/dashboard/ranges/<int:pk>/products/": [
        Probe(f"{D}/ranges/{{range}}/products/", SUPER, SUPER_DONE)],
    "shop/dashboard/ranges/<int:pk>/reorder/": [
        Probe(f"{D}/ranges/{{range}}/reorder/", SUPER_405, SUPER)],
    "shop/dashboard/reviews/": [Probe(f"{D}/reviews/", SUPER, SUPER_DONE)],
    "shop/dashboard/reviews/<int:pk>/": [Probe(f"{D}/reviews/{{review_a}}/", SUPER, SUPER)],
    "shop/dashboard/reviews/<int:pk>/delete/": [
        Probe(f"{D}/reviews/{{review_a}}/delete/", SUPER, SUPER_DONE,
              unchanged="reviews_if_refused")],
    "shop/dashboard/vouchers/": [Probe(f"{D}/vouchers/", SUPER, SUPER_405)],
    "shop/dashboard/vouchers/create/": [Probe(f"{D}/vouchers/create/", SUPER, SUPER)],
    "shop/dashboard/vouchers/update/<int:pk>/": [
        Probe(f"{D}/vouchers/update/{{voucher}}/", SUPER, SUPER)],
    "shop/dashboard/vouchers/delete/<int:pk>/": [
        Probe(f"{D}/vouchers/delete/{{voucher}}/", SUPER, SUPER_DONE)],
    "shop/dashboard/vouchers/stats/<int:pk>/": [
        Probe(f"{D}/vouchers/stats/{{voucher}}/", SUPER, SUPER_405)],
    "shop/dashboard/vouchers/sets/": [Probe(f"{D}/vouchers/sets/", SUPER, SUPER_405)],
    "shop/dashboard/vouchers/sets/create/": [
        Probe(f"{D}/vouchers/sets/create/", SUPER, SUPER)],
    "shop/dashboard/vouchers/sets/update/<int:pk>/": [
        Probe(f"{D}/vouchers/sets/update/{{voucher_set}}/", SUPER, SUPER)],
    "shop/dashboard/vouchers/sets/detail/<int:pk>/": [
        Probe(f"{D}/vouchers/sets/detail/{{voucher_set}}/", SUPER, SUPER_405)],
    "shop/dashboard/vouchers/sets/download/<int:pk>/": [
        Probe(f"{D}/vouchers/sets/download/{{voucher_set}}/", SUPER, SUPER_405)],
    "shop/dashboard/vouchers/sets/delete/<int:pk>/": [
        Probe(f"{D}/vouchers/sets/delete/{{voucher_set}}/", SUPER, SUPER_DONE)],
    "shop/dashboard/comms/": [Probe(f"{D}/comms/", SUPER, SUPER_405)],
    "shop/dashboard/comms/^(?P<slug>[\\w-]+)/$": [
        Probe(f"{D}/comms/{{comms_code}}/", SUPER, SUPER)],
    "shop/dashboard/shipping/weight-based/": [
        Probe(f"{D}/shipping/weight-based/", SUPER, SUPER_405)],
    "shop/dashboard/shipping/weight-based/create/": [
        Probe(f"{D}/shipping/weight-based/create/", SUPER, SUPER)],
    "shop/dashboard/shipping/weight-based/<int:pk>/": [
        Probe(f"{D}/shipping/weight-based/{{shipping}}/", SUPER, SUPER)],
    "shop/dashboard/shipping/weight-based/<int:pk>/edit/": [
        Probe(f"{D}/shipping/weight-based/{{shipping}}/edit/", SUPER, SUPER)],
    "shop/dashboard/shipping/weight-based/<int:pk>/delete/": [
        Probe(f"{D}/shipping/weight-based/{{shipping}}/delete/", SUPER, SUPER_DONE)],
    "shop/dashboard/shipping/weight-based/<int:method_pk>/bands/<int:pk>/": [
        Probe(f"{D}/shipping/weight-based/{{shipping}}/bands/{{band}}/", SUPER, SUPER)],
    "shop/dashboard/shipping/weight-based/<int:method_pk>/bands/<int:pk>/delete/": [
        Probe(f"{D}/shipping/weight-based/{{shipping}}/bands/{{band}}/delete/", SUPER,
              SUPER_DONE)],
}
# fmt: on

#: Routes that exist only in some configurations: not stale when the resolver lacks them.
CONDITIONAL_ROUTES = {"^media/(?P<path>.*)$": "media files, served by Django only with DEBUG"}

#: Addresses no URL pattern serves (static files come from WhiteNoise, media from the web
#: server): asked anyway, so nobody gets a server error or a file outside the folders.
UNROUTED = [
    Probe("/static/nothing.css", every(404), every(404)),
    Probe("/static/../config/settings.py", every(404), every(404)),
    Probe("/media/nothing.png", every(404), every(404)),
]
