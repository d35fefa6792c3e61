"""The stallholder's phone app (/stall/): an amount on a keypad → a per-sale VietQR, today's
takings, cash sales, and the payment speaker that announces bank-confirmed money."""
