"""Payment records: bank-feed events and payment targets (filled in by the payments issue)."""
