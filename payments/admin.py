"""Django admin: read-only views of payment records (changes go through services and pages)."""

from django.contrib import admin

from payments.models import BankFeedEvent, BankFeedRejection, PaymentRequest, ReconciliationLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReconciliationLogInline(admin.TabularInline):
    model = ReconciliationLog
    extra = 0
    can_delete = False
    fields = ("at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


# --- Bank feed ------------------------------------------------------------------------------


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "amount", "amount_received", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("reference", "order_number", "account_number")


@admin.register(BankFeedEvent)
class BankFeedEventAdmin(ReadOnlyAdmin):
    list_display = ("provider", "transaction_id", "amount", "status", "received_at")
    list_filter = ("status", "provider")
    search_fields = ("transaction_id", "content", "bank_reference", "account_number")
    list_select_related = ("payment_request",)
    inlines = [ReconciliationLogInline]


@admin.register(BankFeedRejection)
class BankFeedRejectionAdmin(ReadOnlyAdmin):
    list_display = ("provider", "reason", "remote_addr", "received_at")
    list_filter = ("provider",)
