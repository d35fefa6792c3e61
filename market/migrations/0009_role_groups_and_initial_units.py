"""What a production install needs before the first market is registered, without demo data:
the market roles' groups (board, stallholder, community digital team, provincial official)
and Tỉnh Thái Nguyên with its communes/wards (market/units.py; load the official list on top).

It calls today's functions with this migration's models; if they ever need fields these
models lack, freeze a copy of today's version here.
"""

from django.db import migrations

from core.permissions import (
    BOARD_GROUP,
    DIGITAL_TEAM_GROUP,
    OFFICIAL_GROUP,
    STALLHOLDER_GROUP,
    ensure_groups,
)
from market.units import ensure_initial_units


def create_groups_and_units(apps, schema_editor):
    # These groups carry no model permission (market/access.py decides by membership).
    ensure_groups(BOARD_GROUP, STALLHOLDER_GROUP, DIGITAL_TEAM_GROUP, OFFICIAL_GROUP, apps=apps)
    ensure_initial_units(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0008_adoption_rollups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Going back keeps both: members and markets may depend on them by then.
    operations = [migrations.RunPython(create_groups_and_units, migrations.RunPython.noop)]
