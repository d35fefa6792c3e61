"""Oscar's dashboard product form, with the GTIN attribute checked like the producer portal."""

from oscar.apps.dashboard.catalogue import forms as oscar_forms

from catalog.services import GTIN_ATTRIBUTE
from catalog.validators import validate_gtin


class ProductForm(oscar_forms.ProductForm):
    def add_attribute_fields(self, product_class, is_parent=False):
        super().add_attribute_fields(product_class, is_parent=is_parent)
        field = self.fields.get(f"attr_{GTIN_ATTRIBUTE}")
        if field is not None:
            field.validators.append(validate_gtin)
