import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    name = "payments.checkout"

    def ready(self):
        super().ready()
        from payments.checkout import receivers  # noqa: F401  (connects signal receivers)
