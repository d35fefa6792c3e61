"""Start-up check: card payments switched on without a webhook secret could never be confirmed."""

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
