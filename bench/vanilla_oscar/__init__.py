"""A stock django-oscar 4.2.1 shop: the baseline of bench/bench_storefront.py."""
