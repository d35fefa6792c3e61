"""Changes to places, stalls, the stall QR registry, fake-QR alerts and standee print jobs.

Each service takes keyword-only arguments and runs in one transaction; every change to a stall
writes a ``StallChange`` (who, when, old → new) in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.text import fold, slugify
from market import tabular
from market.forms import StallForm
from market.models import (
    Commune,
    GoodsCategory,
    Market,
    Province,
    QRAlert,
    QRVerdict,
    Stall,
    StallChange,
    StallCharge,
    StallQR,
    StandeeBatch,
    StandeeSize,
)
from payments import vietqr
from payments.banks import all_banks, get_bank
from payments.models import PaymentRequest
from payments.services import create_payment_request

logger = logging.getLogger(__name__)

# Verification codes avoid look-alikes (0/O, 1/I/L) so they can be read off a printed standee.
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VERIFICATION_LENGTH = 6
AUDITED_FIELDS = (
    "code",
    "name",
    "goods_category",
    "stallholder_name",
    "stallholder_phone",
    "bank_bin",
    "account_number",
    "account_holder",
    "virtual_account",
)
STALL_IMPORT_MAX_ROWS = 1000
UNIT_IMPORT_MAX_ROWS = 20000


def _actor_name(actor) -> str:
    if actor is None:
        return ""
    return actor.get_username()


def _audit(*, stall: Stall, actor, action: str, changes: dict | None = None) -> StallChange:
    return StallChange.objects.create(
        stall=stall,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
        action=action,
        changes=changes or {},
    )


# --- Stall QR registry ------------------------------------------------------------------------


def stall_qr_payload(*, bank_bin: str, account: str) -> str:
    """The static VietQR (point of initiation 11, no amount) for a stall's account."""
    return vietqr.encode(vietqr.VietQR(bank_bin=bank_bin, account=account, dynamic=False))


def _new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def _register_qr(*, stall: Stall, actor) -> StallQR | None:
    """Deactivate the stall's active QR (kept, for the fake-QR check) and register the current
    account's. None when the stall has no bank account. Runs inside the caller's transaction."""
    now = timezone.now()
    StallQR.objects.filter(stall=stall, is_active=True).update(is_active=False, deactivated_at=now)
    if not stall.has_bank_account:
        return None
    payload = stall_qr_payload(bank_bin=stall.bank_bin, account=stall.qr_account)
    for _attempt in range(10):
        try:
            with transaction.atomic():  # a savepoint: a code collision retries, nothing leaks
                return StallQR.objects.create(
                    stall=stall,
                    payload=payload,
                    bank_bin=stall.bank_bin,
                    account_number=stall.qr_account,
                    verification_code=_new_verification_code(),
                    registered_by=actor if actor is not None and actor.is_authenticated else None,
                )
        except IntegrityError:
            if StallQR.objects.filter(stall=stall, is_active=True).exists():
                raise  # someone registered this stall at the same moment: let the caller retry
    raise RuntimeError("Could not draw a free verification code.")  # pragma: no cover


def stall_qr_register(*, stall: Stall, actor) -> StallQR | None:
    """Register (again) the stall's static QR, e.g. after a sticker was lost or copied."""
    with transaction.atomic():
        stall = Stall.objects.select_for_update().get(pk=stall.pk)
        qr = _register_qr(stall=stall, actor=actor)
        if qr is not None:
            _audit(
                stall=stall,
                actor=actor,
                action=StallChange.Action.QR_REGISTERED,
                changes={"verification_code": [None, qr.verification_code]},
            )
        return qr


def _qr_key(stall: Stall) -> tuple[str, str]:
    return (stall.bank_bin, stall.qr_account) if stall.has_bank_account else ("", "")


# --- Stalls -----------------------------------------------------------------------------------


def stall_create(
    *, market: Market, actor, fields: dict[str, str], action: str = StallChange.Action.CREATED
) -> Stall:
    """Register a stall (and its QR when it has a bank account)."""
    with transaction.atomic():
        stall = Stall(market=market, **fields)
        stall.full_clean()
        stall.save()
        qr = _register_qr(stall=stall, actor=actor)
        changes = {name: [None, getattr(stall, name)] for name in AUDITED_FIELDS}
        changes = {name: pair for name, pair in changes.items() if pair[1]}
        if qr is not None:
            changes["verification_code"] = [None, qr.verification_code]
        _audit(stall=stall, actor=actor, action=action, changes=changes)
    return stall


def stall_update(
    *, stall: Stall, actor, fields: dict[str, str], action: str = StallChange.Action.UPDATED
) -> Stall:
    """Change a stall's details; a new bank account gets a newly registered QR."""
    with transaction.atomic():
        stall = Stall.objects.select_for_update().select_related("market").get(pk=stall.pk)
        before = {name: getattr(stall, name) for name in AUDITED_FIELDS}
        old_key = _qr_key(stall)
        for name, value in fields.items():
            if name not in AUDITED_FIELDS:
                raise ValueError(f"{name} is not an editable stall field")
            setattr(stall, name, value)
        stall.full_clean()
        changes = {
            name: [before[name], getattr(stall, name)]
            for name in AUDITED_FIELDS
            if before[name] != getattr(stall, name)
        }
        if not changes:
            return stall
        stall.save()
        if _qr_key(stall) != old_key:
            qr = _register_qr(stall=stall, actor=actor)
            changes["verification_code"] = [
                _previous_code(stall),
                qr.verification_code if qr else None,
            ]
        _audit(stall=stall, actor=actor, action=action, changes=changes)
    return stall


def _previous_code(stall: Stall) -> str | None:
    previous = StallQR.objects.filter(stall=stall, is_active=False).order_by("-deactivated_at")
    return previous.values_list("verification_code", flat=True).first()


def stall_close(*, stall: Stall, actor, closed_on) -> Stall:
    """Close a stall (kept, with its history); its QR stays registered so a scan still says
    whose it was."""
    with transaction.atomic():
        stall = Stall.objects.select_for_update().get(pk=stall.pk)
        if not stall.is_active:
            return stall
        stall.is_active, stall.closed_on = False, closed_on
        stall.save(update_fields=["is_active", "closed_on", "updated_at"])
        _audit(
            stall=stall,
            actor=actor,
            action=StallChange.Action.CLOSED,
            changes={"closed_on": [None, closed_on.isoformat()]},
        )
    return stall


def stall_reopen(*, stall: Stall, actor) -> Stall:
    with transaction.atomic():
        stall = Stall.objects.select_for_update().get(pk=stall.pk)
        if stall.is_active:
            return stall
        closed_on = stall.closed_on
        stall.is_active, stall.closed_on = True, None
        stall.save(update_fields=["is_active", "closed_on", "updated_at"])
        _audit(
            stall=stall,
            actor=actor,
            action=StallChange.Action.REOPENED,
            changes={"closed_on": [closed_on.isoformat() if closed_on else None, None]},
        )
    return stall


# --- Stall import (CSV / XLSX) ------------------------------------------------------------------

STALL_COLUMNS = {
    "code": ("stall code", "ma quay", "ma", "mã quầy"),
    "name": ("stall name", "ten quay", "tên quầy"),
    "goods_category": ("category", "goods category", "nganh hang", "ngành hàng"),
    "stallholder_name": ("stallholder", "tieu thuong", "ho ten", "chu quay", "tiểu thương"),
    "stallholder_phone": ("phone", "so dien thoai", "dien thoai", "số điện thoại"),
    "bank": ("bank_bin", "ngan hang", "ngân hàng"),
    "account_number": ("account", "so tai khoan", "số tài khoản"),
    "account_holder": ("holder", "chu tai khoan", "chủ tài khoản"),
    "virtual_account": ("virtual account", "tai khoan ao", "tài khoản ảo"),
}
STALL_REQUIRED_COLUMNS = ("code", "name")
# Form field → import column, to name the column an error belongs to.
FORM_TO_COLUMN = {"bank_bin": "bank", "holder_name": "account_holder"}
EXPORT_COLUMNS = (
    "code",
    "name",
    "goods_category",
    "stallholder_name",
    "stallholder_phone",
    "bank",
    "account_number",
    "account_holder",
    "virtual_account",
    "active",
    "verification_code",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tabular.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _category_aliases() -> dict[str, str]:
    aliases = {}
    for value, label in GoodsCategory.choices:
        aliases[fold(value)] = value
        for language in ("en", "vi"):
            with translation.override(language):
                aliases[fold(str(label))] = value
    extra = {
        "che": "tea", "tra": "tea", "rau": "vegetables", "rau cu": "vegetables",
        "hoa qua": "fruit", "trai cay": "fruit", "thit": "meat", "gia cam": "poultry_eggs",
        "trung": "poultry_eggs", "ca": "fish", "thuy san": "fish", "hai san": "fish",
        "gao": "rice", "dac san": "specialities", "an uong": "food", "tap hoa": "groceries",
        "quan ao": "clothing", "gia dung": "household", "khac": "other",
    }  # fmt: skip
    aliases.update(extra)
    return aliases


# Abbreviations people write that are not a bank's registry short name.
BANK_ABBREVIATIONS = {"vcb": "970436", "ctg": "970415", "tcb": "970407", "mbbank": "970422",
                      "vpb": "970432", "stb": "970403"}  # fmt: skip


def _bank_bin_for(text: str) -> str:
    """A BIN from what people write in the bank column: "970436", "Vietcombank", "VCB"…"""
    value = text.strip()
    if value.isdigit():
        return value
    wanted = fold(value).replace(" ", "")
    if wanted in BANK_ABBREVIATIONS:
        return BANK_ABBREVIATIONS[wanted]
    for bank in all_banks():
        if wanted in (fold(bank.short_name).replace(" ", ""), fold(bank.name).replace(" ", "")):
            return bank.bin
    return value  # not found: the form says "choose a bank from the list"


def _row_errors(number: int, form: StallForm, headers: dict[str, str]) -> list[tabular.RowError]:
    errors = []
    for name, problems in form.errors.as_data().items():
        column = FORM_TO_COLUMN.get(name, name)
        header = headers.get(column, column) if name != "__all__" else ""
        for problem in problems:
            for message in problem.messages:
                if name == "bank_bin" and problem.code == "invalid_choice":
                    message = _(
                        "Unknown bank: write its BIN (e.g. 970436) or short name (e.g. "
                        "Vietcombank)."
                    )
                errors.append(tabular.RowError(number, header, message))
    return errors


def parse_stall_table(*, market: Market, upload) -> tuple[list, ImportReport]:
    """Validate every row of a stall table; ``(rows, report)`` where rows are
    ``(existing stall or None, fields)`` and the report carries every error found."""
    report = ImportReport()
    try:
        table = tabular.read_table(
            upload,
            columns=STALL_COLUMNS,
            required=STALL_REQUIRED_COLUMNS,
            max_rows=STALL_IMPORT_MAX_ROWS,
        )
    except tabular.TableError as error:
        report.errors.append(tabular.RowError(None, "", error.message))
        return [], report
    existing = {stall.code: stall for stall in Stall.objects.filter(market=market)}
    categories = _category_aliases()
    seen: dict[str, int] = {}
    rows = []
    for number, row in table.rows:
        raw_category = row.get("goods_category", "")
        category = categories.get(fold(raw_category), raw_category) if raw_category else "other"
        data = {
            "code": row.get("code", ""),
            "name": row.get("name", ""),
            "goods_category": category,
            "stallholder_name": row.get("stallholder_name", ""),
            "stallholder_phone": row.get("stallholder_phone", ""),
            "bank_bin": _bank_bin_for(row.get("bank", "")) if row.get("bank") else "",
            "account_number": row.get("account_number", ""),
            "holder_name": row.get("account_holder", ""),
            "virtual_account": row.get("virtual_account", ""),
        }
        code_key = "".join(data["code"].split()).upper()
        stall = existing.get(code_key)
        form = StallForm(data, market=market, stall=stall)
        if not form.is_valid():
            errors = _row_errors(number, form, table.headers)
            if raw_category and category == raw_category and "goods_category" in form.errors:
                errors = [e for e in errors if e.field != table.headers.get("goods_category")]
                errors.append(
                    tabular.RowError(
                        number,
                        table.headers.get("goods_category", "goods_category"),
                        _("Unknown goods category “%(value)s”.") % {"value": raw_category[:40]},
                    )
                )
            report.errors.extend(errors)
            continue
        fields = form.stall_fields()
        if fields["code"] in seen:
            report.errors.append(
                tabular.RowError(
                    number,
                    table.headers.get("code", "code"),
                    _("Stall %(code)s is also on row %(row)s.")
                    % {"code": fields["code"], "row": seen[fields["code"]]},
                )
            )
            continue
        seen[fields["code"]] = number
        rows.append((stall, fields))
    return rows, report


def stalls_import(*, market: Market, upload, actor) -> ImportReport:
    """Create or update the market's stalls from a CSV/XLSX table, by stall code.

    Every row is checked first; if any row is wrong nothing is written and the report lists
    each problem by row and column. Importing the same file twice changes nothing the second
    time.
    """
    rows, report = parse_stall_table(market=market, upload=upload)
    if not report.ok:
        return report
    with transaction.atomic():
        for stall, fields in rows:
            if stall is None:
                stall_create(
                    market=market, actor=actor, fields=fields, action=StallChange.Action.IMPORTED
                )
                report.created += 1
                continue
            before = {name: getattr(stall, name) for name in AUDITED_FIELDS}
            if all(before[name] == value for name, value in fields.items()):
                report.unchanged += 1
                continue
            stall_update(
                stall=stall, actor=actor, fields=fields, action=StallChange.Action.IMPORTED
            )
            report.updated += 1
    logger.info(
        "Stall import for %s by %s: %s new, %s updated, %s unchanged",
        market.slug,
        _actor_name(actor),
        report.created,
        report.updated,
        report.unchanged,
    )
    return report


def stall_export_rows(*, market: Market) -> tuple[list[str], list[list]]:
    """The market's register as import-compatible rows (header, rows)."""
    active_codes = dict(
        StallQR.objects.filter(stall__market=market, is_active=True).values_list(
            "stall_id", "verification_code"
        )
    )
    rows = []
    for stall in Stall.objects.filter(market=market).order_by("code"):
        bank = get_bank(stall.bank_bin) if stall.bank_bin else None
        rows.append(
            [
                stall.code,
                stall.name,
                stall.goods_category,
                stall.stallholder_name,
                stall.stallholder_phone,
                bank.short_name if bank else stall.bank_bin,
                stall.account_number,
                stall.account_holder,
                stall.virtual_account,
                "1" if stall.is_active else "0",
                active_codes.get(stall.pk, ""),
            ]
        )
    return list(EXPORT_COLUMNS), rows


# --- Administrative units (unit list upload) ---------------------------------------------------

UNIT_COLUMNS = {
    "province_code": ("ma tinh", "mã tỉnh"),
    "province_name": ("province", "tinh", "ten tinh", "tỉnh"),
    "code": ("commune_code", "ma xa", "mã xã"),
    "name": ("commune", "ten xa", "ten", "tên", "tên xã"),
    "kind": ("loai", "cap", "loại"),
    "former_district": ("huyen cu", "huyện cũ", "former district"),
    "former_province": ("tinh cu", "tỉnh cũ", "former province"),
    "province_former_names": ("tinh truoc sap nhap", "tỉnh trước sáp nhập"),
}
UNIT_REQUIRED_COLUMNS = ("province_code", "province_name", "code", "name")
KIND_ALIASES = {
    "commune": Commune.Kind.COMMUNE,
    "xa": Commune.Kind.COMMUNE,
    "ward": Commune.Kind.WARD,
    "phuong": Commune.Kind.WARD,
    "special zone": Commune.Kind.SPECIAL_ZONE,
    "special_zone": Commune.Kind.SPECIAL_ZONE,
    "dac khu": Commune.Kind.SPECIAL_ZONE,
    "": Commune.Kind.COMMUNE,
}
UNIT_CODE_CHARS = set("0123456789")


@dataclass
class UnitImportReport(ImportReport):
    provinces_created: int = 0


def _province_key(name: str) -> str:
    """ "Tỉnh Thái Nguyên", "Thái Nguyên" and "thai nguyen" are one province."""
    folded = fold(name)
    for prefix in ("tinh ", "thanh pho "):
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _kind_from_name(name: str) -> str | None:
    """ "Phường Phan Đình Phùng" → ward; the name itself often says the kind."""
    first = fold(name).split(" ", 1)[0]
    return {"xa": "commune", "phuong": "ward"}.get(first) or (
        "special_zone" if fold(name).startswith("dac khu") else None
    )


def parse_unit_table(upload) -> tuple[list[dict], UnitImportReport]:
    report = UnitImportReport()
    try:
        table = tabular.read_table(
            upload,
            columns=UNIT_COLUMNS,
            required=UNIT_REQUIRED_COLUMNS,
            max_rows=UNIT_IMPORT_MAX_ROWS,
        )
    except tabular.TableError as error:
        report.errors.append(tabular.RowError(None, "", error.message))
        return [], report
    header = table.headers.get
    rows: list[dict] = []
    codes: dict[str, int] = {}
    names: dict[tuple[str, str], int] = {}
    provinces: dict[str, tuple[str, int]] = {}
    for number, row in table.rows:
        problems: list[tuple[str, str]] = []
        province_code = row["province_code"].strip()
        province_name = " ".join(row["province_name"].split())
        code = row["code"].strip()
        name = " ".join(row["name"].split())
        if (
            not province_code
            or not set(province_code) <= UNIT_CODE_CHARS
            or len(province_code) > 10
        ):
            problems.append(("province_code", _("The province code must be 1 to 10 digits.")))
        if not province_name or len(province_name) > 100:
            problems.append(("province_name", _("The province name must be 1 to 100 characters.")))
        if not code or not set(code) <= UNIT_CODE_CHARS or len(code) > 10:
            problems.append(("code", _("The unit code must be 1 to 10 digits.")))
        if not name or len(name) > 100:
            problems.append(("name", _("The name must be 1 to 100 characters.")))
        kind_text = fold(row.get("kind", ""))
        kind = KIND_ALIASES.get(kind_text)
        if kind is None:
            problems.append(
                (
                    "kind",
                    _("The kind must be commune (xã), ward (phường) or special zone (đặc khu)."),
                )
            )
        elif not kind_text:
            kind = _kind_from_name(name) or Commune.Kind.COMMUNE
        former_district = " ".join(row.get("former_district", "").split())
        former_province = " ".join(row.get("former_province", "").split())
        if len(former_district) > 150 or len(former_province) > 100:
            problems.append(("former_district", _("A former name is too long.")))
        if code and code in codes:
            problems.append(
                (
                    "code",
                    _("Unit code %(code)s is also on row %(row)s.")
                    % {"code": code, "row": codes[code]},
                )
            )
        slug = slugify(name)
        if name and not slug:
            problems.append(("name", _("The name must contain letters or digits.")))
        if province_code and slug and (province_code, slug) in names:
            problems.append(
                (
                    "name",
                    _("This province already has “%(name)s” on row %(row)s.")
                    % {"name": name, "row": names[(province_code, slug)]},
                )
            )
        if province_code in provinces and provinces[province_code][0] != province_name:
            problems.append(
                (
                    "province_name",
                    _("Province %(code)s is named differently on row %(row)s.")
                    % {"code": province_code, "row": provinces[province_code][1]},
                )
            )
        if problems:
            report.errors.extend(
                tabular.RowError(number, header(column, column), message)
                for column, message in problems
            )
            continue
        codes[code] = number
        names[(province_code, slug)] = number
        provinces.setdefault(province_code, (province_name, number))
        rows.append(
            {
                "row": number,
                "province_code": province_code,
                "province_name": province_name,
                "province_former_names": " ".join(row.get("province_former_names", "").split()),
                "code": code,
                "name": name,
                "slug": slug,
                "kind": kind,
                "former_district": former_district,
                "former_province": former_province,
            }
        )
    return rows, report


def admin_units_import(*, upload) -> UnitImportReport:
    """Load a list of provinces and communes/wards (e.g. the official list after a merger).

    Matched by official code, so loading the same list twice changes nothing; a unit created
    before codes were known (same province, same name, no code) is adopted rather than doubled.
    All rows or none: any error and nothing is written.
    """
    rows, report = parse_unit_table(upload)
    if not report.ok:
        return report
    with transaction.atomic():
        provinces = {p.code: p for p in Province.objects.filter(code__isnull=False)}
        for row in rows:
            province = provinces.get(row["province_code"])
            if province is None:
                wanted = _province_key(row["province_name"])
                province = next(
                    (
                        candidate
                        for candidate in Province.objects.filter(code__isnull=True)
                        if _province_key(candidate.name) == wanted
                    ),
                    None,
                )
                if province is None:
                    if Province.objects.filter(name=row["province_name"]).exists():
                        report.errors.append(
                            tabular.RowError(
                                row["row"],
                                "province_name",
                                _("Another province already has the name “%(name)s”.")
                                % {"name": row["province_name"]},
                            )
                        )
                        continue
                    province = Province(slug=slugify(row["province_name"]))
                    report.provinces_created += 1
                province.code = row["province_code"]
                province.name = row["province_name"]
                if row["province_former_names"]:
                    province.former_names = row["province_former_names"]
                province.save()
                provinces[province.code] = province
            commune = Commune.objects.filter(code=row["code"]).first()
            if commune is None:
                commune = Commune.objects.filter(
                    province=province, slug=row["slug"], code__isnull=True
                ).first()
            values = {
                "province_id": province.pk,
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "former_district": row["former_district"],
                "former_province": row["former_province"],
            }
            if commune is None:
                commune = Commune(slug=row["slug"], **values)
                report.created += 1
            elif all(getattr(commune, key) == value for key, value in values.items()):
                report.unchanged += 1
                continue
            else:
                for key, value in values.items():
                    setattr(commune, key, value)
                commune.slug = row["slug"]
                report.updated += 1
            clash = Commune.objects.filter(province=province, slug=commune.slug).exclude(
                pk=commune.pk
            )
            if clash.exists():
                report.errors.append(
                    tabular.RowError(
                        row["row"],
                        "name",
                        _("“%(name)s” already exists in this province with another code.")
                        % {"name": row["name"]},
                    )
                )
                continue
            commune.save()
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = report.unchanged = report.provinces_created = 0
    return report


# --- Fake-QR alerts -----------------------------------------------------------------------------


def qr_alert_report(
    *, market: Market, stall: Stall | None, verdict: str, payload: str, note: str, reporter
) -> QRAlert:
    """File a reported sticker for the market's board."""
    if verdict not in QRVerdict.values:
        raise ValueError(f"unknown verdict {verdict!r}")
    with transaction.atomic():
        return QRAlert.objects.create(
            market=market,
            stall=stall,
            verdict=verdict,
            payload=payload[:512],
            note=" ".join(note.split())[:500],
            reported_by=reporter if reporter is not None and reporter.is_authenticated else None,
        )


# --- Standee batches ----------------------------------------------------------------------------


def standee_batch_request(*, market: Market, size: str, actor) -> StandeeBatch:
    """Record a whole-market standee PDF to build; the caller then hands its id to
    ``market.tasks.enqueue_standee_batch`` (services never import tasks: no cycle)."""
    if size not in StandeeSize.values:
        raise ValueError(f"unknown standee size {size!r}")
    with transaction.atomic():
        batch = StandeeBatch.objects.create(
            market=market,
            size=size,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
            total=Stall.objects.filter(
                market=market, is_active=True, qr_codes__is_active=True
            ).count(),
        )
    return batch


def standee_batch_build(*, batch_id: int) -> StandeeBatch:
    """Build the batch PDF, saving progress as it goes so the page's bar moves.

    Not one transaction on purpose: each progress step is committed so other requests see it.
    Safe to run again (a retried task rebuilds the file from scratch).
    """
    from market import standee
    from market.selectors import standee_data_for_market

    batch = StandeeBatch.objects.select_related("market").get(pk=batch_id)
    if batch.status == StandeeBatch.Status.DONE:
        return batch
    started = time.monotonic()
    pages = standee_data_for_market(market=batch.market)
    StandeeBatch.objects.filter(pk=batch.pk).update(
        status=StandeeBatch.Status.RUNNING, total=len(pages), done=0, error=""
    )
    step = max(1, len(pages) // 20)

    def progress(done: int) -> None:
        if done % step == 0 or done == len(pages):
            StandeeBatch.objects.filter(pk=batch.pk).update(done=done)

    try:
        pdf = standee.render_standees(pages, size=batch.size, on_page=progress)
    except Exception as error:
        logger.exception("Standee batch %s failed", batch.pk)
        StandeeBatch.objects.filter(pk=batch.pk).update(
            status=StandeeBatch.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        batch.refresh_from_db()
        return batch
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    batch.refresh_from_db()
    batch.file.save(
        f"standees-{batch.market.slug}-{batch.size}-{stamp}.pdf", ContentFile(pdf), save=False
    )
    batch.status = StandeeBatch.Status.DONE
    batch.done = batch.total = len(pages)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["file", "status", "done", "total", "finished_at"])
    logger.info(
        "Standee batch %s: %s pages, %s bytes in %.2f s",
        batch.pk,
        len(pages),
        len(pdf),
        time.monotonic() - started,
    )
    return batch


# --- Sales: the per-sale QR -------------------------------------------------------------------

#: How long a per-sale QR is shown; money that arrives later still counts (it is in the
#: stall's account), the phone just stops showing the code.
CHARGE_MINUTES = 15


@transaction.atomic
def stall_charge_create(*, stall: Stall, amount: int, actor) -> StallCharge:
    """A dynamic VietQR for one sale: ``amount`` đồng into the stall's account, with a short
    reference of its own. The sale is written when the bank feed confirms the transfer."""
    if not stall.is_active:
        raise ValidationError(_("This stall is closed."))
    if not stall.has_bank_account:
        raise ValidationError(_("This stall has no bank account yet: ask the market board."))
    request = create_payment_request(
        kind=PaymentRequest.Kind.STALL_SALE,
        amount=amount,
        bank_bin=stall.bank_bin,
        account_number=stall.qr_account,
        account_holder=stall.account_holder,
        expires_at=timezone.now() + dt.timedelta(minutes=CHARGE_MINUTES),
    )
    return StallCharge.objects.create(stall=stall, payment_request=request, created_by=actor)
