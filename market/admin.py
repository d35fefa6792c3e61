"""Django admin for places, markets and stalls; the unit list upload lives on the commune list."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from market import services
from market.forms import AdminUnitUploadForm
from market.models import (
    AdoptionCriteria,
    Commune,
    Market,
    MarketDay,
    Province,
    ProvinceDay,
    QRAlert,
    Stall,
    StallChange,
    StallQR,
    StandeeBatch,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "former_names")
    search_fields = ("name", "code", "former_names")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("officials",)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "province", "former_district", "former_province")
    list_filter = ("kind", "province")
    search_fields = ("name", "code", "former_district", "former_province")
    change_list_template = "admin/market/commune/change_list.html"

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="market_commune_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request):
        """Load a new unit list (CSV or XLSX): all rows or none, matched by official code."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:market_commune_changelist")
        form = AdminUnitUploadForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = services.admin_units_import(upload=form.cleaned_data["file"])
            if report.ok:
                messages.success(
                    request,
                    _("Unit list loaded: %(created)s new, %(updated)s updated, %(same)s unchanged.")
                    % {
                        "created": report.created,
                        "updated": report.updated,
                        "same": report.unchanged,
                    },
                )
                return redirect(reverse("admin:market_commune_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load a unit list"),
            "form": form,
            "report": report,
        }
        return render(request, "admin/market/commune/upload.html", context)


class StallQRInline(admin.TabularInline):
    model = StallQR
    extra = 0
    can_delete = False
    fields = ("verification_code", "bank_bin", "account_number", "is_active", "registered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "cashless_launch_date")
    search_fields = ("name", "slug", "address")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("commune", "board_members", "digital_team")


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    """Read-mostly: stalls are registered on the market pages so that every change is audited."""

    list_display = ("code", "name", "market", "goods_category", "stallholder_name", "is_active")
    list_filter = ("is_active", "goods_category", "market")
    search_fields = ("code", "name", "stallholder_name", "account_number")
    readonly_fields = (
        "market",
        "code",
        "bank_bin",
        "account_number",
        "account_holder",
        "virtual_account",
        "is_active",
        "closed_on",
    )
    autocomplete_fields = ("stallholder",)
    inlines = [StallQRInline]

    def has_add_permission(self, request):
        return False


@admin.register(StallChange)
class StallChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "stall", "action", "actor_name")
    list_filter = ("action",)
    search_fields = ("stall__code", "stall__name", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QRAlert)
class QRAlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "market", "stall", "verdict")
    list_filter = ("verdict", "market")


@admin.register(StandeeBatch)
class StandeeBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "market", "size", "status", "done", "total")
    list_filter = ("status", "size")


@admin.register(AdoptionCriteria)
class AdoptionCriteriaAdmin(admin.ModelAdmin):
    """One row: when a market counts as Chợ 4.0 (applies from the next recompute)."""

    list_display = ("__str__", "min_qr_share", "min_paid_30d_share", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AdoptionCriteria.objects.exists()


class FiguresAdmin(admin.ModelAdmin):
    """Daily figures are written by market.rollups only: read here, never edited."""

    date_hierarchy = "day"
    readonly_fields = ("computed_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MarketDay)
class MarketDayAdmin(FiguresAdmin):
    list_display = ("market", "day", "stalls", "stalls_with_qr", "stalls_paid_30d",
                    "cashless_count", "cashless_value", "cash_value", "is_cho40")  # fmt: skip
    list_filter = ("is_cho40", "market__commune__province", "market")
    list_select_related = ("market",)


@admin.register(ProvinceDay)
class ProvinceDayAdmin(FiguresAdmin):
    list_display = ("province", "day", "markets", "cho40_markets", "stalls", "stalls_with_qr",
                    "cashless_count", "cashless_value", "cash_value")  # fmt: skip
    list_filter = ("province",)
    list_select_related = ("province",)
