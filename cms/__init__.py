"""Wagtail pages: home, information pages and news."""
