"""Producer portal pages: thin views over catalog.portal services (products, photos, stock).

The portal's order and payout pages are fulfilment's (``fulfilment.views``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from catalog.portal import selectors, services
from catalog.portal.access import portal_view
from catalog.portal.forms import PortalProductForm
from core.http import safe_next_url

ProductClass = get_model("catalogue", "ProductClass")

PER_PAGE = 20


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def home(request):
    """Straight to the producer's products; a chooser for someone acting for several."""
    producers = list(selectors.producers_for_user(request.user)[:200])
    if len(producers) == 1:
        return redirect("portal:products", producer_slug=producers[0].slug)
    if not producers:
        return render(request, "catalog/portal/no_producer.html", status=403)
    return render(request, "catalog/portal/choose.html", {"producers": producers})


@portal_view
def product_list(request, producer):
    status = request.GET.get("status", "")
    if status not in ("", "published", "draft"):
        status = ""
    products = selectors.producer_products(producer=producer, status=status)
    return render(
        request,
        "catalog/portal/product_list.html",
        {
            "producer": producer,
            "section": "products",
            "status": status,
            "page": _page(request, products),
        },
    )


@portal_view
def product_create_choose(request, producer):
    classes = list(ProductClass.objects.order_by("name"))
    if len(classes) == 1:
        return redirect(
            "portal:product-create", producer_slug=producer.slug, class_slug=classes[0].slug
        )
    return render(
        request,
        "catalog/portal/product_choose_class.html",
        {"producer": producer, "section": "products", "classes": classes},
    )


@portal_view
def product_create(request, producer, class_slug: str):
    product_class = get_object_or_404(ProductClass, slug=class_slug)
    form = PortalProductForm(
        request.POST or None, request.FILES or None, product_class=product_class
    )
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("publish") == "1"
        product = services.portal_product_create(
            producer=producer,
            product_class=product_class,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            price=form.cleaned_data["price"],
            num_in_stock=form.cleaned_data["num_in_stock"],
            attributes=form.attribute_values(),
            category=form.cleaned_data["category"],
            photos=form.cleaned_data["photos"],
            publish=publish,
        )
        if publish:
            messages.success(request, _("“%(title)s” is now on sale.") % {"title": product.title})
        else:
            messages.success(
                request,
                _("“%(title)s” is saved as a draft; publish it when ready.")
                % {"title": product.title},
            )
        return redirect("portal:products", producer_slug=producer.slug)
    return render(
        request,
        "catalog/portal/product_form.html",
        {
            "producer": producer,
            "section": "products",
            "form": form,
            "product_class": product_class,
            "product": None,
        },
    )


@portal_view
def product_edit(request, producer, pk: int):
    product = selectors.producer_product_or_404(producer=producer, pk=pk)
    stockrecord = selectors.producer_stockrecord(producer=producer, product=product)
    form = PortalProductForm(
        request.POST or None,
        request.FILES or None,
        product_class=product.get_product_class(),
        product=product,
        stockrecord=stockrecord,
    )
    if request.method == "POST" and form.is_valid():
        services.portal_product_update(
            producer=producer,
            product=product,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            price=form.cleaned_data["price"],
            num_in_stock=form.cleaned_data["num_in_stock"],
            attributes=form.attribute_values(),
            category=form.cleaned_data["category"],
            photos=form.cleaned_data["photos"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("portal:product-edit", producer_slug=producer.slug, pk=product.pk)
    return render(
        request,
        "catalog/portal/product_form.html",
        {
            "producer": producer,
            "section": "products",
            "form": form,
            "product_class": product.get_product_class(),
            "product": product,
            "images": product.images.order_by("display_order", "id"),
        },
    )


@require_POST
@portal_view
def product_publish(request, producer, pk: int):
    product = selectors.producer_product_or_404(producer=producer, pk=pk)
    publish = request.POST.get("publish") == "1"
    services.portal_product_set_public(product=product, is_public=publish)
    if publish:
        messages.success(request, _("“%(title)s” is now on sale.") % {"title": product.title})
    else:
        messages.success(
            request, _("“%(title)s” is hidden from the shop.") % {"title": product.title}
        )
    return redirect(safe_next_url(request, reverse("portal:products", args=[producer.slug])))


@require_POST
@portal_view
def photo_delete(request, producer, pk: int, image_pk: int):
    product = selectors.producer_product_or_404(producer=producer, pk=pk)
    if not services.portal_photo_delete(product=product, image_id=image_pk):
        raise Http404
    messages.success(request, _("Photo deleted."))
    return redirect("portal:product-edit", producer_slug=producer.slug, pk=product.pk)


@require_POST
@portal_view
def phone_visibility(request, producer):
    """Show or hide the producer's phone on their public page (hidden unless they chose)."""
    show = request.POST.get("show") == "1"
    services.producer_set_phone_public(producer=producer, show=show)
    if show:
        messages.success(request, _("Your phone is now shown on your public page."))
    else:
        messages.success(request, _("Your phone is hidden from your public page."))
    return redirect("portal:products", producer_slug=producer.slug)
