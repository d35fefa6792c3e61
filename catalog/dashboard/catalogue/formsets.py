"""Oscar's stock-record and image formsets with this fork's forms (Oscar builds its own from
Oscar's forms, because get_class resolves "dashboard.catalogue" to Oscar's app)."""

from oscar.apps.dashboard.catalogue import formsets as oscar_formsets

from catalog.dashboard.catalogue.forms import ProductImageForm, StockRecordForm


class StockRecordFormSet(oscar_formsets.StockRecordFormSet):
    form = StockRecordForm

    def set_initial_data(self):
        # A POST without the management form has no forms at all: Oscar's version then fails
        # with IndexError (a 500); the formset reports the missing data as its error instead.
        if self.forms:
            super().set_initial_data()


class ProductImageFormSet(oscar_formsets.ProductImageFormSet):
    form = ProductImageForm
