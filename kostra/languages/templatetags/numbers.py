"""Numbers in the active language's format for templates: {{ value|grouped }} gives 5 425 270 (thin space)."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def grouped(value, decimals=None):
    """A number with thousands grouping and the language's decimal sign; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
