"""Oscar's own messages that the shop translates itself, listed so `make messages` keeps them.

Oscar's Vietnamese catalogue leaves some storefront messages untranslated ("Your basket total is
now…", "Re-order") and gets others wrong ("Trong kho ( 80 có sẵn)", "Những hách hàng mới",
"Fulfilment" as "Cam kết thực hiện"). The project's locale/ comes first in LOCALE_PATHS, so a
msgid in our catalogue overrides Oscar's; but makemessages keeps only msgids found in our own
source. Each one is therefore named here exactly as Oscar spells it (whitespace of its
``blocktrans`` included, and its ``pgettext`` context: ``pgettext_lazy``, as Django has no
``pgettext_noop`` and makemessages reads no such keyword) and marked for translation only:
nothing imports this module. tests/config/test_oscar_messages.py checks that every entry is
still one of Oscar's msgids.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

OSCAR_MESSAGES = [
    # Availability (product, basket, checkout)
    gettext_noop("In stock (%d available)"),
    gettext_noop("Unavailable"),
    gettext_noop("unavailable"),
    gettext_noop("no stock available"),
    gettext_noop("a maximum of %(max)d can be bought"),
    # Basket
    gettext_noop("\n        Your basket total is now <strong>%(total)s</strong>\n        "),
    gettext_noop("Your basket is now empty"),
    gettext_noop("View basket"),
    gettext_noop("Items to buy now"),
    gettext_noop("\nYour basket now qualifies for the \n<strong>%(name)s</strong> offer.\n"),
    gettext_noop("\nYour basket no longer qualifies for the\n<strong>%(name)s</strong> offer.\n"),
    gettext_noop("Important messages about items in your basket"),
    gettext_noop("Your basket has got some issues. Please correct any validation errors below."),
    gettext_noop("You need to add some items to your basket to checkout"),
    # Order history and detail
    pgettext_lazy("Buy again", "Re-order"),
    pgettext_lazy("Buy again", "Re-ordering..."),
    pgettext_lazy("Buy again", "Re-order all items"),
    gettext_noop("You haven't placed any orders."),
    # Addresses
    gettext_noop("Post/Zip-code"),
    # Account pages, wish lists, alerts, password reset
    gettext_noop("Product Alerts"),
    gettext_noop("Product alerts"),
    gettext_noop("Notifications"),
    gettext_noop("Create a new wish list"),
    gettext_noop("You don't have any wish lists yet."),
    gettext_noop("This wish list is empty."),
    gettext_noop("%(title)s has been added to your wishlist"),
    gettext_noop("Wish list '%(name)s' already containing '%(title)s'"),
    gettext_noop("Copy sharing link"),
    gettext_noop("Password reset"),
    # Thank-you page and order detail
    gettext_noop(
        "\n        Your order has been placed and a confirmation email has been sent - your"
        " order number is\n        <strong>%(number)s</strong>.\n        "
    ),
    gettext_noop(
        "Please make a note of this reference or print this page and quote it in any "
        "communication with us regarding your order."
    ),
    gettext_noop("Line price excl. tax"),
    gettext_noop("Line price incl. tax"),
    gettext_noop("Shipping total"),
    gettext_noop("Basket total (inc. discounts)"),
    gettext_noop("Shipping total (excl. discounts)"),
    gettext_noop("Shipping total (inc. discounts)"),
    gettext_noop("Date submitted"),
    # Product page, checkout
    gettext_noop("Variants:"),
    gettext_noop("A problem occurred while placing this order. Please contact customer services."),
    # Dashboard (shop staff and producers)
    gettext_noop("Fulfilment"),
    gettext_noop("Fulfillment partner"),
    gettext_noop("Fulfillment partners"),
    gettext_noop("New customers"),
    gettext_noop("Order status breakdown"),
]
