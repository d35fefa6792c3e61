"""Market URLs: public pages under /markets/, the register, standees and board dashboard under
/markets/<slug>/…, a province's overview under /markets/province/<province>/, the fake-QR check
at /qr/check/ (included at the site root)."""

from django.urls import path

from market.views import board, public, qr, register, standees

app_name = "market"
STALL = "markets/<slug:slug>/stalls/<str:code>/"
BOARD = "markets/<slug:slug>/board/"
PROVINCE = "markets/province/<slug:province>/"
urlpatterns = [
    path("markets/", public.market_directory, name="directory"),
    path("markets/mine/", public.my_markets, name="mine"),
    path(PROVINCE, board.province_overview, name="province"),
    path(
        PROVINCE + "markets.csv", board.province_markets_export, {"fmt": "csv"}, name="province-csv"
    ),
    path(
        PROVINCE + "markets.xlsx",
        board.province_markets_export,
        {"fmt": "xlsx"},
        name="province-xlsx",
    ),
    path("markets/<slug:slug>/", public.market_detail, name="detail"),
    path(BOARD, board.market_board, name="board"),
    path(BOARD + "recompute/", board.market_board_recompute, name="board-recompute"),
    path(BOARD + "days.csv", board.market_board_days, {"fmt": "csv"}, name="board-days-csv"),
    path(BOARD + "days.xlsx", board.market_board_days, {"fmt": "xlsx"}, name="board-days-xlsx"),
    path(BOARD + "stalls.csv", board.market_board_stalls, {"fmt": "csv"}, name="board-stalls-csv"),
    path(
        BOARD + "stalls.xlsx", board.market_board_stalls, {"fmt": "xlsx"}, name="board-stalls-xlsx"
    ),
    path("markets/<slug:slug>/stalls/", register.stall_register, name="register"),
    path("markets/<slug:slug>/stalls/new/", register.stall_create, name="stall-create"),
    path("markets/<slug:slug>/stalls/import/", register.stall_import, name="stall-import"),
    path("markets/<slug:slug>/stalls.csv", register.stall_export, name="stall-export"),
    path(STALL, register.stall_detail, name="stall"),
    path(STALL + "edit/", register.stall_edit, name="stall-edit"),
    path(STALL + "close/", register.stall_close, name="stall-close"),
    path(STALL + "qr/register/", register.stall_qr_reregister, name="stall-qr-register"),
    path(STALL + "qr.png", standees.stall_qr_png, name="stall-qr-png"),
    path(STALL + "standee-<str:size>.pdf", standees.stall_standee_pdf, name="stall-standee"),
    path("markets/<slug:slug>/standees/", standees.standee_batches, name="standee-batches"),
    path("markets/<slug:slug>/standees/<int:pk>/", standees.standee_batch, name="standee-batch"),
    path(
        "markets/<slug:slug>/standees/<int:pk>/download/",
        standees.standee_batch_download,
        name="standee-batch-download",
    ),
    path("markets/<slug:slug>/alerts/", qr.market_alerts, name="alerts"),
    path("qr/check/", qr.qr_check, name="qr-check"),
    path("qr/check/report/", qr.qr_report, name="qr-report"),
]
