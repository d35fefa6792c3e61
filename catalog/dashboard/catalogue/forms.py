"""Oscar's dashboard product forms, held to the producer portal's rules (catalog.rules): the GTIN
attribute, a title without control characters, sanitised rich text, stock records in whole VND
within bounds, and photos cleaned like the portal's (pixel cap, upright, no EXIF)."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from catalog import rules
from catalog.services import GTIN_ATTRIBUTE
from catalog.validators import validate_gtin
from core.images import check_header
from core.text import slugify


class ProductForm(oscar_forms.ProductForm):
    def add_attribute_fields(self, product_class, is_parent=False):
        super().add_attribute_fields(product_class, is_parent=is_parent)
        field = self.fields.get(f"attr_{GTIN_ATTRIBUTE}")
        if field is not None:
            field.validators.append(validate_gtin)
        self._richtext_attributes = {
            f"attr_{attribute.code}"
            for attribute in product_class.attributes.all()
            if attribute.type == attribute.RICHTEXT
        }
        self._text_attributes = {
            f"attr_{attribute.code}"
            for attribute in product_class.attributes.all()
            if attribute.type == attribute.TEXT
        }

    def clean_title(self):
        title = rules.clean_single_line(self.cleaned_data.get("title"))
        if not title and not self.instance.is_child:
            raise ValidationError(_("Give the product a name."), code="required")
        return title

    def clean_description(self):
        return rules.sanitize_html(self.cleaned_data.get("description"))

    def clean_meta_title(self):
        return rules.clean_single_line(self.cleaned_data.get("meta_title"))

    def clean_meta_description(self):
        return rules.clean_text(self.cleaned_data.get("meta_description"))

    def clean(self):
        cleaned = super().clean()
        for name in getattr(self, "_richtext_attributes", ()):
            if cleaned.get(name):
                cleaned[name] = rules.sanitize_html(cleaned[name])
        for name in getattr(self, "_text_attributes", ()):
            if cleaned.get(name):
                cleaned[name] = rules.clean_text(cleaned[name])
        return cleaned


class StockRecordForm(oscar_forms.StockRecordForm):
    """Price in whole VND (1 ₫ … 1.000.000.000 ₫), currency VND only, stock 0 … 1.000.000."""

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        if "price_currency" in self.fields:
            self.fields["price_currency"].initial = rules.CURRENCY
            self.fields["price_currency"].validators.append(rules.validate_currency)
        if "price" in self.fields:
            self.fields["price"].validators.append(rules.validate_price)
            self.fields["price"].help_text = _("A whole number of đồng, for example 150000.")
        for name in ("num_in_stock", "low_stock_threshold"):
            if name in self.fields:
                self.fields[name].validators.append(rules.validate_stock)

    def clean_partner_sku(self):
        return rules.clean_single_line(self.cleaned_data.get("partner_sku"))

    def clean_price_currency(self):
        return (self.cleaned_data.get("price_currency") or "").strip()


class PictureField(forms.ImageField):
    """Django's image field, with the format and pixel cap checked from the header first, so
    a decompression bomb gets its own message (and is never decoded)."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            check_header(data)
        return super().to_python(data)


class ProductImageForm(oscar_forms.ProductImageForm):
    """A newly uploaded image is cleaned like a portal photo: refused when it is not a
    JPEG/PNG/WebP or has too many pixels, stored upright, ≤ 1600 px, without metadata."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["original"]
        self.fields["original"] = PictureField(
            label=field.label,
            required=field.required,
            widget=field.widget,
            help_text=field.help_text,
        )

    def clean_original(self):
        original = self.cleaned_data.get("original")
        if isinstance(original, UploadedFile):
            cleaned = rules.clean_photo(original)
            stem = slugify(Path(original.name or "").stem)[:60] or "anh"
            return ContentFile(cleaned.read(), name=f"{stem}.jpg")
        return original

    def clean_caption(self):
        return rules.clean_single_line(self.cleaned_data.get("caption"))
