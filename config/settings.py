"""Chợ Số settings: every knob comes from the environment, with a safe embedded default.

Embedded default (`make run`): SQLite, Celery eager, local-memory cache, local media, console mail.
Production (``DJANGO_ENV=production``): PostgreSQL, Redis, real secrets; missing ones stop start-up.
"""

from __future__ import annotations

import locale
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's defaults are meant to be star-imported)

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "SITE_URL",
    # The account online shoppers transfer to, and the bank feeds that confirm the transfers.
    "SHOP_BANK_BIN",
    "SHOP_BANK_ACCOUNT",
    "SHOP_BANK_HOLDER",
    "BANK_FEED_SEPAY_SECRET",
    "BANK_FEED_CASSO_SECRET",
)
# Values the embedded default uses and the README prints (the demo collection account, the
# bank-feed and localstripe secrets): anyone can read them, so production refuses them.
DEVELOPMENT_ONLY_VALUES = {
    "SHOP_BANK_ACCOUNT": "1023456789",
    "BANK_FEED_SEPAY_SECRET": "dev-sepay-secret",
    "BANK_FEED_CASSO_SECRET": "dev-casso-secret",
    "STRIPE_SECRET_KEY": "sk_test_local",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_local",
    "STRIPE_WEBHOOK_SECRET": "whsec_local",
}


def _production_problems() -> list[str]:
    """What stops a production start: missing variables, development values, a bank account
    no VietQR code can carry. Every problem at once, so one restart fixes them all."""
    from payments.banks import BankAccountError, normalize_account, validate_account

    problems = []
    missing = [name for name in PRODUCTION_REQUIRED if not env.str(name, default="").strip()]
    if missing:
        problems.append(
            "DJANGO_ENV=production needs these environment variables: " + ", ".join(missing)
        )
    public = [
        name
        for name, value in DEVELOPMENT_ONLY_VALUES.items()
        # Compared without case, spaces, dots or dashes: "1023-456-789" is the demo account.
        if normalize_account(env.str(name, default="")) == normalize_account(value)
    ]
    if public:
        problems.append(
            "DJANGO_ENV=production refuses the development values printed in the README for: "
            + ", ".join(public)
            + " (set the real ones)"
        )
    if not {"SHOP_BANK_BIN", "SHOP_BANK_ACCOUNT"} & set(missing):
        try:
            validate_account(env.str("SHOP_BANK_BIN").strip(), env.str("SHOP_BANK_ACCOUNT"))
        except BankAccountError as exc:
            problems.append(f"SHOP_BANK_BIN / SHOP_BANK_ACCOUNT: {exc.message}")
    return problems


if PRODUCTION and (_problems := _production_problems()):
    raise ImproperlyConfigured("\n".join(_problems))


def _local_secret_key() -> str:
    """A random key kept in an untracked file, so the embedded default needs no set-up."""
    path = BASE_DIR / ".local" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# --- Applications -------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Oscar
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "payments.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "catalog.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "fulfilment.dashboard.orders.apps.OrdersDashboardConfig",
    "catalog.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background work
    "django_celery_beat",
    # Who changed what (producers' payout bank accounts)
    "simple_history",
    # Sign-in throttling (config/auth.py)
    "axes",
    # Content-Security-Policy (config/security.py)
    "csp",
    # Chợ Số
    "catalog",
    "fulfilment",
    "payments",
    "market",
    "traceability",
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Bank-feed webhooks (signed machine POSTs) are answered here, before the browser layers
    # below: see payments/bankfeed/middleware.py.
    "payments.bankfeed.middleware.BankWebhookMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "config.middleware.RejectNullCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.AdminPreviewFrameMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "config.context_processors.site",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a request writes; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only after it ran, so a worker that dies mid-task loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A task taken by a worker that died unacknowledged is handed out again after this long; every
# task here finishes in seconds, so minutes are plenty (and a lost payment waits no longer).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}
# Publishing to a broker that is down must not hold a webhook answer for long: try twice,
# then leave the stored event to the sweeper (payments.bankfeed.tasks).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Task modules of sub-packages (autodiscovery only looks at each app's own tasks.py).
CELERY_IMPORTS = ("payments.bankfeed.tasks", "payments.settle.tasks", "traceability.label_tasks")
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account + address before any password is compared.
    "config.auth.LoginThrottleBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
# Sign-in throttling (django-axes) on every sign-in form: after AXES_FAILURE_LIMIT wrong
# passwords for one account from one address, that pair is refused for AXES_COOLOFF_MINUTES
# (the lockout page says so); other accounts on the same address, and the same account from
# elsewhere, are not affected. Staff unlock with `manage.py axes_reset_username <username>`
# (or `axes_reset_ip <address>`, `axes_reset` for everything), or in the Django admin
# (Axes › Access attempts). The client address is read like everywhere else (PROXY_HOPS).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "config.auth.login_throttle_username"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.views.login_locked_out"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time, money -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Python's gettext expands "en" through locale.normalize() to "en_US" before "en", so Django
# served Oscar's and DRF's American catalogues first: the English shop said "cart", "coupon"
# and "catalog" beside the site's "basket". Our English is the British source text itself.
locale.locale_alias["en"] = "en.ISO8859-1"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"currency_digits": True}}

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
if PRODUCTION:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chợ Số <no-reply@choso.vn>")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Oscar ----------------------------------------------------------------------------------
OSCAR_SHOP_NAME = "Chợ Số"
OSCAR_SHOP_TAGLINE = _("Thái Nguyên specialities from the people who make them")
OSCAR_HOMEPAGE = "/shop/catalogue/"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "country")
OSCAR_PRODUCTS_PER_PAGE = 24
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Chợ Số"
# News tags: "OCOP" and "ocop" typed by two editors are one tag.
TAGGIT_CASE_INSENSITIVE = True
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "xlsx", "txt"]
# Editors' images: the same pixel cap as every other upload (core.images), checked by Wagtail
# from the header before decoding; JPEG/PNG/WebP only.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 24_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Pages translatable to English with Wagtail's own i18n (one page tree per locale, linked by
# translation_key): "Translate" in the page menu (simple_translation) copies the home page,
# then any page or subtree, into the English tree as drafts to rewrite. No i18n_patterns: a
# page and its translation share one address; the reader's language (the cookie, see
# config.middleware) picks the tree, and a page not yet translated is served in Vietnamese
# (cms.models.HomePage.route). wagtail-localize would need a machine-translation service.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
INSTALLED_APPS += [
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
]
# The editors' admin is in Vietnamese unless an editor picks English in their account settings
# (or browses the public site in English): Wagtail falls back to the active language, which is
# Vietnamese without the language cookie.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Scheduled publishing ("go live at" / "expire at"): cms.publish_scheduled_pages runs Wagtail's
# publish_scheduled every minute on beat.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "publish-scheduled-pages": {"task": "cms.publish_scheduled_pages", "schedule": 60.0},
}
# The admin calls out to nobody: no Gravatar images (they leak a hash of each editor's e-mail
# address to a third party) and no release check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The home page's live blocks (products, figures, map, questions…) are kept rendered this many
# seconds; any change to their data shows at once anyway (cms/cache.py). 0: render every time.
CMS_FRAGMENT_CACHE_SECONDS = env.int("CMS_FRAGMENT_CACHE_SECONDS", default=600)
# The market map is drawn by the server (SVG, no JavaScript). With a tile server set, e.g.
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png", its tiles are placed under the markers;
# empty (the default): markers only, and no shopper's browser calls a third party. Respect the
# tile server's usage policy and show its attribution (e.g. "© OpenStreetMap contributors").
CMS_MAP_TILE_URL = env.str("CMS_MAP_TILE_URL", default="")
CMS_MAP_ATTRIBUTION = env.str("CMS_MAP_ATTRIBUTION", default="")

# --- Payments (used by the payments issue) ------------------------------------------------
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# The account online shoppers pay into by VietQR transfer (the platform's collection account).
SHOP_BANK_BIN = env.str("SHOP_BANK_BIN", default="970436")
SHOP_BANK_ACCOUNT = env.str("SHOP_BANK_ACCOUNT", default="1023456789")
SHOP_BANK_HOLDER = env.str("SHOP_BANK_HOLDER", default="CONG TY CHO SO")
PAYMENT_EXPIRY_MINUTES = env.int("PAYMENT_EXPIRY_MINUTES", default=30)
BANK_FEED_MAX_AGE_SECONDS = 300
BANK_FEED_SECRETS = {
    "sepay": env.str("BANK_FEED_SEPAY_SECRET", default="" if PRODUCTION else "dev-sepay-secret"),
    "casso": env.str("BANK_FEED_CASSO_SECRET", default="" if PRODUCTION else "dev-casso-secret"),
}

# --- Security -------------------------------------------------------------------------------
# Reverse proxies of ours in front of gunicorn that append the client to X-Forwarded-For (the
# production setup has one): the client address (sign-in throttling, scan counting) is read
# from the entry the outermost one added, not from REMOTE_ADDR (core.http.client_ip).
# TRACE_PROXY_HOPS is its former name, still read.
PROXY_HOPS = env.int(
    "PROXY_HOPS", default=env.int("TRACE_PROXY_HOPS", default=1 if PRODUCTION else 0)
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    OSCAR_BASKET_COOKIE_SECURE = True
    OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")

# Content-Security-Policy (django-csp, config/security.py). Public pages: everything from this
# site only, no CDN; inline scripts only with the response's nonce (request.csp_nonce). Style
# sheets come from files; inline style attributes are allowed (progress bars and charts set
# widths there): an attribute cannot hold selectors, so it cannot read the page the way an
# injected <style> element could. Pages that need more say so on their view: the card page
# adds Stripe's hosts (payments/cards/views.py), the light scan pages their inline <style>
# (traceability/views.py). Browsers without style-src-elem/-attr fall back to style-src.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if CMS_MAP_TILE_URL:
    # The market map's tiles (the only images from another site, when an operator sets one).
    _tiles = urlsplit(CMS_MAP_TILE_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
# Oscar's dashboard, the Django admin and Wagtail's admin rely on inline scripts and styles in
# their stock templates; they get this looser policy (still nothing from other sites; Wagtail
# shows page previews in a frame of its own).
CSP_STAFF_URL_PREFIXES = ("/shop/dashboard/", "/django-admin/", "/cms/")
CSP_STAFF_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Permissions-Policy: browser features no page uses are denied to every page and frame; the
# payment speaker keeps the phone's screen on and plays its clips after a tap (self only).
# The fake-QR check takes a photo through a plain file field (the phone's own camera app), so
# no page needs the camera itself.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self"],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": ["self"],
    "serial": [],
    "usb": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Sign-in failures and lockouts are warnings; its start-up banner is not worth a line.
        "axes": {"level": "WARNING"},
    },
}
OSCAR_SLUG_FUNCTION = "core.text.slugify"
# Stock alerts go out from a Celery task, not inside the request that changed the stock:
# catalog.send_product_alerts (catalog/services.py product_alerts_send), on beat below.
OSCAR_EAGER_ALERTS = False
# The simple haystack backend has no index to keep up to date.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# --- Orders and checkout (payments/checkout) ------------------------------------------------
from payments import order_status as _order_status  # noqa: E402

OSCAR_INITIAL_ORDER_STATUS = _order_status.PENDING_PAYMENT
OSCAR_ORDER_STATUS_PIPELINE = _order_status.PIPELINE
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "expire-unpaid-orders": {"task": "payments.expire_unpaid_orders", "schedule": 60.0},
    # Back-in-stock e-mails (OSCAR_EAGER_ALERTS = False above).
    "send-product-alerts": {"task": "catalog.send_product_alerts", "schedule": 10 * 60.0},
}

# --- Market adoption figures (market/rollups.py) ---------------------------------------------
# Yesterday made final, today's rows started and the 30 days before redone, just after
# midnight Viet Nam time (CELERY_TIMEZONE); during the day each sale updates its day in its
# own transaction.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "recompute-market-figures-nightly": {
        "task": "market.recompute_recent_figures",
        "schedule": crontab(hour=0, minute=10),
    },
}

# --- Catalog: read-only JSON API (catalog/api) and PostgreSQL search ----------------------
# rest_framework.authtoken: the open-data API's tokens (market/api), one per user, made in
# the Django admin ("Auth Token › Tokens") or with `manage.py drf_create_token <username>`.
INSTALLED_APPS += ["rest_framework", "rest_framework.authtoken", "drf_spectacular"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram lookups and functions for product search (catalog/selectors.py).
    INSTALLED_APPS += ["django.contrib.postgres"]
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ Số API",
    "DESCRIPTION": (
        "Read-only products and producers of the Chợ Số shop, and the Chợ 4.0 markets' daily "
        "adoption figures (token: `Authorization: Token <key>`). Money is integer VND."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["catalog.api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "catalog.api.schema.document_errors",
    ],
}

# --- Fulfilment and payouts (fulfilment/) ----------------------------------------------------
# The platform's fee on each producer's sales, in percent (decimals allowed, e.g. 2.5).
PLATFORM_FEE_PERCENT = env.float("PLATFORM_FEE_PERCENT", default=5)


def _holds(permission: str):
    """An Oscar dashboard menu ``access_fn``: shown to users holding ``permission``, the
    same one the page itself requires (``core.permissions``, imported once apps are ready)."""

    def access(user, *args, **kwargs) -> bool:
        from core.permissions import has_permission

        return has_permission(user, permission)

    return access


# The staff payout ledger (/payouts/) in Oscar's dashboard menu, for those who may see it.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,  # noqa: F405
    {
        "label": _("Producer payouts"),
        "icon": "fas fa-coins",
        "url_name": "fulfilment:staff-overview",
        "access_fn": _holds("fulfilment.view_payoutentry"),
    },
]

# --- Bank feed (payments/bankfeed/) -----------------------------------------------------------
# Largest webhook body accepted (a Casso delivery holds at most 100 transactions).
BANK_FEED_MAX_BODY_BYTES = env.int("BANK_FEED_MAX_BODY_BYTES", default=256 * 1024)
# Drain tasks sent for a burst of webhooks (payments/bankfeed/tasks.py): they share the burst's
# events (FOR UPDATE SKIP LOCKED), so up to this many worker processes reconcile at once.
BANK_FEED_DRAINS = env.int("BANK_FEED_DRAINS", default=2)
# Events still "received" (broker down at intake, task lost) are re-enqueued every minute.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "reconcile-waiting-bank-events": {
        "task": "payments.reconcile_waiting_bank_events",
        "schedule": 60.0,
    },
}
# Finance pages in Oscar's dashboard menu: the queue of bank transfers, card payments and
# refunds, cash-on-delivery orders; each shown to those holding the page's permission.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,  # noqa: F405
    {
        "label": _("Bank transfers"),
        "icon": "fas fa-university",
        "url_name": "payments:bank-event-list",
        "access_fn": _holds("payments.view_bankfeedevent"),
    },
    {
        "label": _("Card payments"),
        "icon": "fas fa-credit-card",
        "url_name": "card-payments",
        "access_fn": _holds("payments.view_cardpayment"),
    },
    {
        "label": _("Cash on delivery"),
        "icon": "fas fa-money-bill-wave",
        "url_name": "cod-orders",
        "access_fn": _holds("payments.record_cash_payment"),
    },
]

# --- Traceability: codes and the public scan page (traceability/) ---------------------------
# Scans are logged with a salted hash of the client, never its IP; set a salt of its own in
# production so rotating SECRET_KEY does not reset "one client" across the logs.
TRACE_SCAN_SALT = env.str("TRACE_SCAN_SALT", default="") or f"trace-scan:{SECRET_KEY}"
# One client's scans of one code count once per this many seconds; at most N scans an hour.
TRACE_SCAN_REPEAT_SECONDS = env.int("TRACE_SCAN_REPEAT_SECONDS", default=600)
TRACE_SCAN_RATE_PER_HOUR = env.int("TRACE_SCAN_RATE_PER_HOUR", default=60)
# A serial is flagged when scanned more than this many times, or from places more than
# TRACE_FLAG_FAR_KM apart within TRACE_FLAG_FAR_HOURS (when shoppers share a location).
TRACE_FLAG_SCAN_COUNT = env.int("TRACE_FLAG_SCAN_COUNT", default=20)
TRACE_FLAG_FAR_KM = env.int("TRACE_FLAG_FAR_KM", default=300)
TRACE_FLAG_FAR_HOURS = env.int("TRACE_FLAG_FAR_HOURS", default=72)
# How long browsers and CDNs may keep a scan page (seconds); scans are counted by a beacon.
TRACE_PAGE_MAX_AGE = env.int("TRACE_PAGE_MAX_AGE", default=300)
# The server keeps each rendered scan page this long in the cache (0: render every time).
TRACE_PAGE_CACHE_SECONDS = env.int("TRACE_PAGE_CACHE_SECONDS", default=60)
# Shoppers' product page views are counted in memory and written to Oscar's analytics
# (ProductRecord.num_views) at most this many seconds later (catalog/product_views.py).
CATALOG_VIEW_FLUSH_SECONDS = env.float("CATALOG_VIEW_FLUSH_SECONDS", default=5)
