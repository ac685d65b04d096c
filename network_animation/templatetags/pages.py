"""Links between the pages of a list, keeping its search, filters and sort."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """The current query string with `page` set to `number` (everything else kept). A list
    rendered without the request, to be kept in the cache, links its pages by number alone."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query["page"] = str(number)
    return query.urlencode()
