"""Oscar's "Update product prices" bulk action, held to catalog.rules: a new price (for all the
selected products or one of them) is a whole number of đồng from 1 ₫ to the maximum. Oscar's
"increase by amount / percentage" are left out: they could reach 0 ₫ or a fraction of a đồng."""

from oscar.apps.dashboard.catalogue import bulk_actions as oscar_bulk_actions
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.mixins import ProductBulkActionMixin

from catalog import rules


class SetProductPriceForm(oscar_forms.SetProductPriceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("increase_by_amount", "increase_by_percentage"):
            self.fields.pop(name, None)
        for name, field in self.fields.items():
            if name == "new_price" or name.startswith("price_"):
                field.validators.append(rules.validate_price)


class SetProductPriceAction(oscar_bulk_actions.SetProductPriceAction):
    form_class = SetProductPriceForm


INTERMEDIATE_ACTIONS = {
    **ProductBulkActionMixin.intermediate_actions,
    "set_product_price": SetProductPriceAction(),
}
