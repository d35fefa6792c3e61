"""Oscar dashboard forks owned by the catalog (only the files that change)."""
