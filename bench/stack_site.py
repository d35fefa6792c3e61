"""Settings for the Procfile's processes in a benchmark: the site as it is, static files served
from the source folders.

Production runs ``collectstatic`` before starting (a release step); a benchmark's throw-away
stack does not write into the checkout, so WhiteNoise finds the files where they are (the
speaker page needs its script).
"""

# ruff: noqa: F403
from config.settings import *

WHITENOISE_USE_FINDERS = True
