"""Django admin: fulfilment groups to look at, the payout ledger read-only (append-only)."""

from django.contrib import admin

from fulfilment.models import FulfilmentEvent, FulfilmentGroup, PayoutEntry


class FulfilmentEventInline(admin.TabularInline):
    model = FulfilmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FulfilmentGroup)
class FulfilmentGroupAdmin(admin.ModelAdmin):
    list_display = ("order", "partner", "status", "items_total", "created_at")
    list_filter = ("status",)
    search_fields = ("order__number", "partner__name")
    readonly_fields = (
        "order",
        "partner",
        "status",
        "items_total",
        "num_items",
        "created_at",
        "packed_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
    )
    exclude = ("lines",)
    inlines = [FulfilmentEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(PayoutEntry)
class PayoutEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "producer", "kind", "order_number", "amount", "note")
    list_filter = ("kind",)
    search_fields = ("order_number", "producer__name", "note")
    list_select_related = ("producer",)

    def has_add_permission(self, request):
        return False  # entries are written by fulfilment.services only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
