from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Products and producers")

    def ready(self):
        from oscar.apps.analytics import receivers as oscar_analytics
        from oscar.apps.catalogue.signals import product_viewed
        from PIL import Image

        from catalog import (
            product_views,
            signals,  # noqa: F401  (connects the receivers)
        )
        from core.images import MAX_PIXELS

        # Shoppers' product views are counted in batches, not one commit per page view.
        product_viewed.disconnect(oscar_analytics.receive_product_view)
        product_viewed.connect(
            product_views.receive_product_view, dispatch_uid="catalog_product_views"
        )

        # Pillow's own guard, for every picture the site opens (thumbnails of pictures stored
        # before the upload rules too): a warning above the cap, an error above twice the cap
        # (Pillow's default, 89 MP, let a 156 MP PNG take the server to 913 MiB on its first
        # thumbnail).
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
