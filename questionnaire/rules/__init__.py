"""Editing rules: small registered pure functions (see registry.py). Importing this package registers them."""

from questionnaire.rules import amounts, comments, hosts, outliers, parts, staffing  # noqa: F401 - registers rules
