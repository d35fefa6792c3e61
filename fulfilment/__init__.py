"""Split orders: a fulfilment group per producer in each order, and payout ledgers."""
