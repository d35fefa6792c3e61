"""Staff screens for producers (bank account, helpers) and their certificates with documents."""

from django.contrib import admin
from oscar.apps.partner.admin import PartnerAdmin as OscarPartnerAdmin
from oscar.core.loading import get_model
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import Certification, Producer, ProducerSlugRedirect


class CertificationInline(admin.StackedInline):
    model = Certification
    fk_name = "producer"
    extra = 0
    fields = (
        "kind",
        "ocop_stars",
        "name",
        "certificate_number",
        "issuer",
        "issued_on",
        "valid_until",
        "document",
    )


@admin.register(Producer)
class ProducerAdmin(SimpleHistoryAdmin):
    # "History" shows each change with who made it and the old and new values.
    history_list_display = ("bank_bin", "account_number", "account_holder")
    list_display = ("name", "kind", "commune", "province", "is_verified", "bank_bin")
    list_filter = ("kind", "is_verified", "province")
    search_fields = ("name", "slug", "phone", "account_number")
    autocomplete_fields = ("assistants", "commune")
    inlines = [CertificationInline]
    fieldsets = (
        (None, {"fields": ("partner", "name", "slug", "kind", "is_verified", "story", "photo")}),
        (None, {"fields": ("province", "commune", "former_district")}),
        (None, {"fields": ("latitude", "longitude", "phone", "show_phone_publicly")}),
        (None, {"fields": ("bank_bin", "account_number", "account_holder")}),
        (None, {"fields": ("assistants",)}),
    )


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "producer",
        "product",
        "certificate_number",
        "issued_on",
        "valid_until",
    )
    list_filter = ("kind", "ocop_stars")
    search_fields = ("certificate_number", "name", "producer__name", "product__title")
    raw_id_fields = ("product",)
    date_hierarchy = "issued_on"


@admin.register(ProducerSlugRedirect)
class ProducerSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "producer")
    search_fields = ("old_slug", "producer__name")


# Oscar's partner admin, with "History": each producer staff link and unlink (who, when, whom).
Partner = get_model("partner", "Partner")
admin.site.unregister(Partner)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin, OscarPartnerAdmin):
    history_list_display = ("membership_change", "member")


# Records the shop makes itself (a shopper's address, a review vote, a basket line, a voucher
# use) and offer parts edited in Oscar's dashboard: Oscar registers admin forms for them whose
# clean() fails with a server error on a half-filled form. The Django admin shows them read
# only (delete stays), so nobody hand-makes an inconsistent one.
class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for _model in (
    get_model("address", "UserAddress"),
    get_model("reviews", "Vote"),
    get_model("basket", "Line"),
    get_model("offer", "Condition"),
    get_model("offer", "Benefit"),
    get_model("voucher", "VoucherApplication"),
):
    _registered = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(f"ReadOnly{_registered.__name__}", (_ReadOnly, _registered), {})
    )
