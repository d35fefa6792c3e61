"""The administrative units a new install starts with: Tỉnh Thái Nguyên (two levels since
1 July 2025, Bắc Kạn merged into it) and its communes/wards where the programme works, each
labelled with its former district.

Made by a data migration (market 0009), so markets and producers can be placed on a production
install without demo data. The list is the programme's working list, not the official one
(it has no commune codes): load the official list with ``manage.py load_admin_units`` or the
Django admin upload, which adopts these units by name.
"""

from __future__ import annotations

from core.text import slugify

PROVINCE = {
    "code": "19",
    "name": "Tỉnh Thái Nguyên",
    "slug": "thai-nguyen",
    "former_names": "Tỉnh Thái Nguyên, Tỉnh Bắc Kạn",
}

# (name, kind, former district, former province if not Thái Nguyên)
COMMUNES = [
    ("Phường Phan Đình Phùng", "ward", "Thành phố Thái Nguyên", ""),
    ("Xã Tân Cương", "commune", "Thành phố Thái Nguyên", ""),
    ("Phường Phổ Yên", "ward", "Thành phố Phổ Yên", ""),
    ("Xã Đại Từ", "commune", "Huyện Đại Từ", ""),
    ("Xã La Bằng", "commune", "Huyện Đại Từ", ""),
    ("Xã Hoàng Nông", "commune", "Huyện Đại Từ", ""),
    ("Xã Định Hóa", "commune", "Huyện Định Hóa", ""),
    ("Xã Phú Đình", "commune", "Huyện Định Hóa", ""),
    ("Xã Phú Lương", "commune", "Huyện Phú Lương", ""),
    ("Xã Đồng Hỷ", "commune", "Huyện Đồng Hỷ", ""),
    ("Xã Minh Lập", "commune", "Huyện Đồng Hỷ", ""),
    ("Xã La Hiên", "commune", "Huyện Võ Nhai", ""),
    ("Xã Võ Nhai", "commune", "Huyện Võ Nhai", ""),
    ("Xã Phú Bình", "commune", "Huyện Phú Bình", ""),
    ("Phường Đức Xuân", "ward", "Thành phố Bắc Kạn", "Tỉnh Bắc Kạn"),
    ("Xã Chợ Đồn", "commune", "Huyện Chợ Đồn", "Tỉnh Bắc Kạn"),
]


def ensure_initial_units(*, apps=None):
    """The province and its communes of the lists above; returns the province.

    Idempotent, matched by slug: units that exist (perhaps renamed or given official codes by
    a loaded list) are left as they are. ``apps`` is a migration's state; without it, the
    current models.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Province = apps.get_model("market", "Province")
    Commune = apps.get_model("market", "Commune")
    # A list loaded earlier may hold the province under its code or name with another slug.
    province = (
        Province.objects.filter(slug=PROVINCE["slug"]).first()
        or Province.objects.filter(code=PROVINCE["code"]).first()
        or Province.objects.filter(name=PROVINCE["name"]).first()
    )
    if province is None:
        province = Province.objects.create(**PROVINCE)
    for name, kind, district, former_province in COMMUNES:
        Commune.objects.get_or_create(
            province=province,
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "former_district": district,
                "former_province": former_province,
            },
        )
    return province
