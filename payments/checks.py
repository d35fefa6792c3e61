"""Start-up checks for payment secrets: without them no payment could ever be confirmed."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def stripe_webhook_secret_check(app_configs, **kwargs):
    if settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY:
        if not settings.STRIPE_WEBHOOK_SECRET:
            return [
                Warning(
                    "Card payments are on but STRIPE_WEBHOOK_SECRET is not set: Stripe's "
                    "webhooks will be refused, so no card payment can be confirmed.",
                    hint="Set STRIPE_WEBHOOK_SECRET to the signing secret of the endpoint "
                    "/pay/webhooks/stripe/ (whsec_…).",
                    id="payments.W001",
                )
            ]
    return []


@register(Tags.security, deploy=True)
def bank_feed_secrets_check(app_configs, **kwargs):
    """In production every bank-feed provider needs its webhook secret (else it answers 503)."""
    missing = sorted(name for name, secret in settings.BANK_FEED_SECRETS.items() if not secret)
    if not missing:
        return []
    return [
        Warning(
            "No bank-feed secret for: " + ", ".join(missing) + ". Their webhooks are refused, "
            "so no VietQR transfer from them can be confirmed.",
            hint="Set " + ", ".join(f"BANK_FEED_{name.upper()}_SECRET" for name in missing) + ".",
            id="payments.W002",
        )
    ]
