"""Product photos are cleaned by ``core.images`` (one rule for every upload of a picture)."""

from core.images import MAX_PIXELS, MAX_SIDE, clean_photo  # noqa: F401
