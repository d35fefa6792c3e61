"""Fork of Oscar's search app: browse and search read the database, not a haystack index."""
