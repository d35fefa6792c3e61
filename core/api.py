"""Small rules shared by the API views."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def reject_blank_parameters(params, names) -> None:
    """A number or date parameter sent empty (``?commune=``) is a 400, not "no filter": the
    schema types it, and a client that sends it empty has a bug worth hearing about."""
    blank = [name for name in names if name in params and not params[name].strip()]
    if blank:
        raise ValidationError(
            {
                "detail": _("Give a value for %(names)s, or leave it out.")
                % {"names": ", ".join(blank)}
            }
        )
