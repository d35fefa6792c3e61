"""`manage.py simulate_bank_transfer`: post a correctly signed bank-feed webhook to a running site.

For demos and tests: it plays the aggregator (SePay- or Casso-style) telling the site that
money arrived, so a QR payment can be confirmed without a bank.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from payments.bankfeed.codec import (
    LOCAL_TZ,
    PROVIDERS,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    compute_signature,
)
from payments.models import PaymentRequest


def sepay_payload(*, transaction_id, account, amount, content, bank, when) -> dict:
    return {
        "id": int(transaction_id) if transaction_id.isdigit() else transaction_id,
        "gateway": bank,
        "transactionDate": when,
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": "in",
        "transferAmount": amount,
        "accumulated": 0,
        "subAccount": None,
        "referenceCode": f"FT{transaction_id}",
        "description": content,
    }


def casso_payload(*, transaction_id, account, amount, content, bank, when) -> dict:
    return {
        "error": 0,
        "data": [
            {
                "id": int(transaction_id) if transaction_id.isdigit() else transaction_id,
                "tid": f"FT{transaction_id}",
                "description": content,
                "amount": amount,
                "cusum_balance": 0,
                "when": when,
                "bank_sub_acc_id": account,
                "subAccId": account,
                "bankName": bank,
            }
        ],
    }


class Command(BaseCommand):
    help = "Send a signed test bank-feed webhook (money in) to the running site."

    def add_arguments(self, parser):
        parser.add_argument("--reference", required=True, help="payment reference, e.g. CS7K2P9Q")
        parser.add_argument("--amount", required=True, type=int, help="whole đồng, e.g. 150000")
        parser.add_argument(
            "--account",
            default="",
            help="account the money went into (default: the request's, else SHOP_BANK_ACCOUNT)",
        )
        parser.add_argument("--provider", choices=PROVIDERS, default="sepay")
        parser.add_argument("--url", default="", help="site base URL (default: SITE_URL)")
        parser.add_argument(
            "--content", default="", help="transfer content (default: bank-style text with REF)"
        )
        parser.add_argument("--transaction-id", default="", help="default: random")
        parser.add_argument("--bank", default="Vietcombank", help="bank / gateway name")

    def handle(self, *args, **options):
        reference = options["reference"].strip().upper()
        amount = options["amount"]
        if amount <= 0:
            raise CommandError("--amount must be a whole number of đồng above zero")
        provider = options["provider"]
        secret = settings.BANK_FEED_SECRETS.get(provider, "")
        if not secret:
            raise CommandError(f"No secret configured for {provider} (BANK_FEED_SECRETS)")
        account = options["account"] or self._account_for(reference)
        transaction_id = options["transaction_id"] or str(secrets.randbelow(10**12) + 10**11)
        # Banks wrap the content in their own text; the reference must still be found.
        content = options["content"] or f"MBVCB.{transaction_id[-6:]}.{reference}.CT tu 0123456789"
        when = timezone.now().astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S")
        build = sepay_payload if provider == "sepay" else casso_payload
        payload = build(
            transaction_id=transaction_id,
            account=account,
            amount=amount,
            content=content,
            bank=options["bank"],
            when=when,
        )
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        timestamp = str(int(time.time()))
        base = (options["url"] or settings.SITE_URL).rstrip("/")
        if not base.lower().startswith(("http://", "https://")):
            raise CommandError(f"--url must be an http:// or https:// address, not {base!r}.")
        url = f"{base}/pay/webhooks/bank/{provider}/"
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: compute_signature(secret, timestamp, body),
            },
        )
        self.stdout.write(f"POST {url} ({provider}, {amount} đồng, content {content!r})")
        try:
            # Bandit B310 (urlopen of any scheme): the scheme was checked above, http(s) only.
            with urllib.request.urlopen(request, timeout=15) as response:  # nosec B310
                status, answer = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            answer = error.read().decode("utf-8", "replace")
            raise CommandError(f"HTTP {error.code}: {answer}") from None
        except (urllib.error.URLError, OSError) as error:
            raise CommandError(f"Could not reach {url}: {error}") from None
        self.stdout.write(f"HTTP {status}: {answer}")

    @staticmethod
    def _account_for(reference: str) -> str:
        """The payee account of the request if this database knows it; else the shop's."""
        try:
            request = PaymentRequest.objects.filter(reference=reference).first()
        except DatabaseError:  # no usable database here: the site may run elsewhere
            request = None
        return request.account_number if request else settings.SHOP_BANK_ACCOUNT
