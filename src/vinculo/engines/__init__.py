"""Engines: plain Python, no Django. They work on plain data that selectors load."""
