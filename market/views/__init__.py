"""Market pages, by capability: public pages, the stall register, standees, the QR check."""
