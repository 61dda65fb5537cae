"""Capture at an event: the quick add, and business cards read by OCR into a contact form."""
