"""Vínculo: networking done the give-first way."""

__version__ = "0.1.0"
