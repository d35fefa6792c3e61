"""The producer portal at /producer/: a farmer's phone-sized tool for products, orders, payouts."""
