"""Links between the pages of a list, keeping its search, filters and sort."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """The current query string with `page` set to `number` (everything else kept)."""
    query = context["request"].GET.copy()
    query["page"] = str(number)
    return query.urlencode()
