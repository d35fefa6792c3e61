"""VietQR codes, bank registry, QR images, bank feed, Stripe and checkout payment methods."""
