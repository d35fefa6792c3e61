"""Fork of Oscar's catalogue dashboard: its product form validates the GTIN attribute."""
