"""Oscar's profile and address-book views with the shop's forms (one full name, Vietnamese
address terms: fulfilment.shopper_forms), mounted before Oscar's URLs in config/oscar_urls.py."""

from __future__ import annotations

from oscar.apps.customer import views as customer_views

from fulfilment.shopper_forms import ProfileForm, UserAddressForm


class ProfileUpdateView(customer_views.ProfileUpdateView):
    form_class = ProfileForm


class AddressCreateView(customer_views.AddressCreateView):
    form_class = UserAddressForm


class AddressUpdateView(customer_views.AddressUpdateView):
    form_class = UserAddressForm
