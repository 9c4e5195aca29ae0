from django import template

from collection.season import notice

register = template.Library()


@register.inclusion_tag("collection/_season.html")
def season_notice(survey):
    """The season's line on the reporter's pages: deadline and days left, or why the form is read-only."""
    return {"notice": notice(survey)}
