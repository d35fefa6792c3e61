"""Signals other apps listen to, so payments never imports orders or markets.

``payment_request_settled``: sent after the transaction that changed a PaymentRequest's
status commits (kwargs: ``payment_request``, ``event`` — the BankFeedEvent or None).
``card_payment_succeeded``: sent when a Stripe PaymentIntent is confirmed by the signed
webhook (kwargs: ``card_payment``).
"""

from django.dispatch import Signal

payment_request_settled = Signal()
card_payment_succeeded = Signal()
