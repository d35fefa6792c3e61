"""GS1 Digital Link codes, lots, EPCIS events and the public scan page."""
