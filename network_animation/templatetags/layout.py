"""The layout's menu links: the same for everyone with the same rights in a tenant.

Every page draws them (some twenty links, each a URL reversed and a label translated): they are
rendered once per process for each tenant, set of rights and language, and kept. Their inputs are
their key, so nothing has to renew them; a tenant's slug never changes.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# What the navigation context processors say of the person that the links depend on.
NAV_RIGHTS = (
    "can_view_network",
    "is_animator",
    "can_manage_organisation",
    "can_manage_kpis",
    "can_view_job_runs",
    "can_manage_service_tokens",
)
COMMUNITIES_RIGHTS = ("coaching", "feedback")


@register.simple_tag(takes_context=True)
def menu_links(context: template.Context) -> SafeString:
    nav = context["nav"]
    communities = context.get("communities_nav") or {}
    rights = tuple(bool(nav[name]) for name in NAV_RIGHTS) + tuple(
        bool(communities.get(name)) for name in COMMUNITIES_RIGHTS
    )
    return _menu_links(nav["tenant"].slug, get_language(), rights)


@lru_cache(maxsize=1024)
def _menu_links(slug: str, language: str, rights: tuple[bool, ...]) -> SafeString:
    # `language` is the active one, which the rendering uses: it is in the key for that.
    context = dict(zip(NAV_RIGHTS + COMMUNITIES_RIGHTS, rights, strict=True))
    return SafeString(render_to_string("includes/menu_links.html", {"slug": slug, **context}))
