"""Producers, certifications, product classes and the producer portal."""
