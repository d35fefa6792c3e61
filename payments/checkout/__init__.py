"""Fork of Oscar's checkout: choose VietQR transfer, card (Stripe) or cash on delivery."""
