"""Settings for a Celery worker in the redelivery test: unacknowledged tasks come back fast.

Production keeps a one-hour visibility timeout; here a message taken by a worker that died is
handed out again after 2 seconds, so the test finishes in seconds.
"""

from config.settings import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
