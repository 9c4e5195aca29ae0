"""Editing rules: small registered pure functions (see registry.py). Importing this package registers them."""
