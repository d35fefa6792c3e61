"""Portal forms: a product with its price, stock, class attributes and photos."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog import rules
from catalog.portal.selectors import product_class_category
from catalog.portal.services import MAX_PHOTOS, description_text
from catalog.rules import MAX_STOCK, clean_photo
from catalog.validators import validate_gtin
from core.forms import MAX_PRICE, VNDAmountField

Category = get_model("catalogue", "Category")
ProductAttribute = get_model("catalogue", "ProductAttribute")

# OCOP stars are earned by certificate (checked by staff), not typed in by the seller.
PORTAL_HIDDEN_ATTRIBUTES = {"ocop_stars"}
GTIN_CODE = "gtin"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Zero or more photos; each is checked and cleaned by core.images (through catalog.rules)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("Upload at most %(n)s photos at a time.") % {"n": MAX_PHOTOS}, code="too_many"
            )
        cleaned = []
        for upload in files:
            super().clean(upload, initial)
            try:
                cleaned.append(clean_photo(upload))
            except ValidationError as exc:
                raise ValidationError(
                    _("%(name)s: %(error)s") % {"name": upload.name, "error": exc.messages[0]},
                    code=exc.code,
                ) from exc
        return cleaned


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def attribute_field(attribute) -> forms.Field | None:
    """A form field for one Oscar product attribute, or None for types the portal skips."""
    common = {"label": attribute.name, "required": attribute.required}
    kind = attribute.type
    if attribute.code == GTIN_CODE:
        return forms.CharField(
            max_length=20,
            validators=[validate_gtin],
            help_text=_("The barcode number on the package (GTIN), if it has one."),
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == attribute.TEXT:
        return forms.CharField(max_length=255, **common)
    if kind == attribute.RICHTEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == attribute.INTEGER:
        return forms.IntegerField(
            min_value=0,
            max_value=MAX_PRICE,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == attribute.FLOAT:
        return forms.FloatField(min_value=0, max_value=1e9, **common)
    if kind == attribute.BOOLEAN:
        return forms.BooleanField(label=attribute.name, required=False)
    if kind == attribute.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == attribute.OPTION and attribute.option_group_id:
        return forms.ModelChoiceField(
            queryset=attribute.option_group.options.order_by("option"),
            empty_label="—",
            **common,
        )
    return None


class PortalProductForm(forms.Form):
    title = forms.CharField(label=_("Product name"), max_length=255)
    price = VNDAmountField(
        label=_("Price (đồng)"), help_text=_("A whole number, for example 150.000.")
    )
    num_in_stock = forms.IntegerField(
        label=_("In stock"),
        min_value=0,
        max_value=MAX_STOCK,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        empty_label="—",
        help_text=_("Where shoppers find the product in the shop."),
        error_messages={
            "required": _("Choose a category, so shoppers find the product in the shop.")
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = PhotoField(label=_("Photos"), help_text=_("JPEG, PNG or WebP, at most 10 MB each."))

    def __init__(self, *args, product_class, product=None, stockrecord=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product_class = product_class
        self.product = product
        categories = Category.objects.order_by("path")
        self.fields["category"].queryset = categories
        if not categories.exists():
            # A new shop whose staff have not made categories yet: nothing to choose from.
            self.fields["category"].required = False
        self.attribute_codes: list[str] = []
        self.richtext_codes: set[str] = set()
        attributes = ProductAttribute.objects.filter(product_class=product_class).select_related(
            "option_group"
        )
        for attribute in attributes.order_by("id"):
            if attribute.code in PORTAL_HIDDEN_ATTRIBUTES:
                continue
            field = attribute_field(attribute)
            if field is None:
                continue
            name = f"attr_{attribute.code}"
            self.fields[name] = field
            self.attribute_codes.append(attribute.code)
            if attribute.type == attribute.RICHTEXT:
                self.richtext_codes.add(attribute.code)  # Oscar prints these unescaped
            if product is not None:
                value = getattr(product.attr, attribute.code, None)
                if value is not None:
                    self.initial.setdefault(name, value)
        if product is not None:
            self.fields["photos"].label = _("Add photos")
            self.initial.setdefault("title", product.title)
            self.initial.setdefault("description", description_text(product.description))
            first = product.categories.order_by("path").first()
            if first is not None:
                self.initial.setdefault("category", first.pk)
        if self.initial.get("category") is None:
            # A new tea goes in the tea category unless the producer picks another.
            default = product_class_category(product_class)
            if default is not None:
                self.initial["category"] = default.pk
        if stockrecord is not None:
            self.initial.setdefault("price", int(stockrecord.price or 0) or None)
            self.initial.setdefault("num_in_stock", stockrecord.num_in_stock)
        # Photos go last on the phone, after the details.
        self.order_fields(
            ["title", "price", "num_in_stock", "category", "description"]
            + [f"attr_{code}" for code in self.attribute_codes]
            + ["photos"]
        )

    def clean_title(self):
        title = rules.clean_single_line(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Give the product a name."), code="required")
        return title

    def clean(self):
        cleaned = super().clean()
        if self.product is not None and cleaned.get("photos"):
            existing = self.product.images.count()
            if existing + len(cleaned["photos"]) > MAX_PHOTOS:
                self.add_error(
                    "photos",
                    _("A product can have at most %(n)s photos; delete some first.")
                    % {"n": MAX_PHOTOS},
                )
        return cleaned

    def attribute_values(self) -> dict:
        values = {}
        for code in self.attribute_codes:
            value = self.cleaned_data.get(f"attr_{code}")
            if code == GTIN_CODE and value:
                value = "".join(value.split()).replace("-", "")
            elif code in self.richtext_codes and value:
                value = rules.sanitize_html(value)
            elif isinstance(value, str):
                value = rules.clean_text(value)
            values[code] = value if value not in ("",) else None
        return values

    def attribute_fields(self):
        return [self[f"attr_{code}"] for code in self.attribute_codes]
