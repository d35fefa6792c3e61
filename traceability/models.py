"""Lots, trace codes and EPCIS events (filled in by the traceability issue)."""
