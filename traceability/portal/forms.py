"""Portal forms for traceability: a lot, an event, issuing codes, a label sheet, an upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.product_classes import GTIN_ATTRIBUTE
from traceability.gs1 import is_ai82, is_valid_gtin, normalize_gtin
from traceability.labels import LAYOUTS
from traceability.models import LabelJob, Lot, TraceEvent

MAX_LABELS = 10_000
MAX_ISSUE = 100_000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def product_gtin(product) -> str:
    """The product's GTIN attribute (14 digits), or "" if it has none or an invalid one."""
    value = product.attribute_values.filter(attribute__code=GTIN_ATTRIBUTE).first()
    text = str(value.value) if value is not None and value.value else ""
    return normalize_gtin(text) if is_valid_gtin(text) else ""


def clean_lot_code(value: str) -> str:
    value = value.strip()
    if not is_ai82(value):
        raise ValidationError(
            _(
                "A lot code is 1 to 20 letters, digits or - . _ / (no spaces or Vietnamese "
                "accents), e.g. TC2026-05A."
            ),
            code="lot_code",
        )
    return value


class LotForm(forms.ModelForm):
    gtin = forms.CharField(
        label=_("GTIN (barcode number)"),
        required=False,
        max_length=20,
        help_text=_("Leave empty to use the product's barcode number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Lot
        fields = [
            "product",
            "code",
            "gtin",
            "growing_area",
            "harvest_date",
            "production_date",
            "expiry_date",
            "best_before",
            "quantity",
            "unit",
        ]
        widgets = {
            "harvest_date": DATE,
            "production_date": DATE,
            "expiry_date": DATE,
            "best_before": DATE,
            "code": forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
            "quantity": forms.NumberInput(attrs={"inputmode": "decimal", "min": "0"}),
        }

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda product: product.get_title()
        self.fields["gtin"].initial = self.instance.gtin if self.instance.pk else ""
        self.fields["quantity"].min_value = 0

    def clean_code(self):
        return clean_lot_code(self.cleaned_data["code"])

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        typed = "".join((cleaned.get("gtin") or "").split()).replace("-", "")
        if product is not None:
            own = product_gtin(product)
            if typed and not is_valid_gtin(typed):
                self.add_error(
                    "gtin", _("This is not a valid GTIN: check the number and its last digit.")
                )
            elif own and typed and normalize_gtin(typed) != own:
                self.add_error(
                    "gtin",
                    _("The product's barcode number is %(gtin)s; a lot uses its product's GTIN.")
                    % {"gtin": own},
                )
            elif not own and not typed:
                self.add_error(
                    "gtin",
                    _(
                        "This product has no barcode number (GTIN): add it on the product page, "
                        "or type it here."
                    ),
                )
            else:
                cleaned["gtin"] = own or normalize_gtin(typed)
        gtin, code = cleaned.get("gtin"), cleaned.get("code")
        if self.instance.pk and gtin and code and self.instance.codes.exists():
            # Printed labels carry the GTIN and lot code: changing them would orphan the labels.
            if (gtin, code) != (self.instance.gtin, self.instance.code):
                raise ValidationError(
                    _(
                        "Codes were already issued for this lot: its product's GTIN and its lot "
                        "code can no longer change."
                    ),
                    code="issued",
                )
        if gtin and code:
            clash = Lot.objects.filter(gtin=gtin, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", _("This product already has a lot with this code."))
        harvest, produced = cleaned.get("harvest_date"), cleaned.get("production_date")
        if harvest and produced and produced < harvest:
            self.add_error("production_date", _("Production cannot be before the harvest."))
        for name in ("expiry_date", "best_before"):
            value = cleaned.get(name)
            if value and produced and value < produced:
                self.add_error(name, _("This date cannot be before the production date."))
        return cleaned

    def save(self, commit=True):
        self.instance.gtin = self.cleaned_data["gtin"]
        return super().save(commit=commit)


class EventForm(forms.Form):
    biz_step = forms.ChoiceField(label=_("What happened"), choices=TraceEvent.BizStep.choices)
    event_time = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    location_name = forms.CharField(label=_("Where"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, min_value=0, max_digits=12, decimal_places=3
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    input_lots = forms.ModelMultipleChoiceField(
        label=_("Made from these lots (for “Processed”)"),
        queryset=Lot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("E.g. the fresh-leaf lots that were dried into this lot."),
    )

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, **kwargs)
        self.lot = lot
        self.fields["input_lots"].queryset = (
            Lot.objects.filter(producer=lot.producer).exclude(pk=lot.pk).select_related("product")
        )
        self.fields["input_lots"].label_from_instance = lambda other: (
            f"{other.code} · {other.product.get_title()}"
        )
        self.initial.setdefault("event_time", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_event_time(self):
        value = self.cleaned_data["event_time"]
        if value > timezone.now() + timezone.timedelta(hours=1):
            raise ValidationError(_("An event cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        transforming = cleaned.get("biz_step") == TraceEvent.BizStep.TRANSFORMING
        if transforming and not cleaned.get("input_lots"):
            self.add_error("input_lots", _("Choose the lots this lot was made from."))
        if not transforming and cleaned.get("input_lots"):
            self.add_error("input_lots", _("Input lots only go with “Processed”."))
        return cleaned


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of serialised codes (one per package)"),
        min_value=1,
        max_value=MAX_ISSUE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class LabelSheetForm(forms.Form):
    layout = forms.ChoiceField(
        label=_("Label sheet"), choices=LabelJob.Layout.choices, initial=LabelJob.Layout.A4_24
    )
    copies = forms.IntegerField(
        label=_("Copies of the lot code"),
        required=False,
        min_value=0,
        max_value=MAX_LABELS,
        help_text=_("Leave empty to print one label per serialised code."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, serials: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.serials = serials

    def clean(self):
        cleaned = super().clean()
        copies = cleaned.get("copies") or 0
        cleaned["copies"] = copies
        if not copies and not self.serials:
            raise ValidationError(
                _(
                    "This lot has no serialised codes yet: issue codes, or print copies of the "
                    "lot code."
                )
            )
        if not copies and self.serials > MAX_LABELS:
            raise ValidationError(_("At most %(n)s labels per PDF.") % {"n": MAX_LABELS})
        if cleaned.get("layout") not in LAYOUTS:
            raise ValidationError(_("Choose a label sheet."))
        return cleaned


class EPCISUploadForm(forms.Form):
    file = forms.FileField(
        label=_("EPCIS file (JSON-LD)"),
        help_text=_("From a partner such as a processor or a shop: ObjectEvents about your lots."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload
