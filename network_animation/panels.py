"""Panels: what other apps add to the core pages, without the core importing them.

The point of sale, zone, region and network pages are each person's home. KPIs add their tiles and
heat maps, challenges their leaderboards and launch form, and so on: each app registers a panel
for a page in its AppConfig.ready(), and the page renders the panels in order.

A panel is a template and a function that builds its context from the request and the page's
object; it returns None when it has nothing to show to this person.

A panel may also give a `cache_key`: a string naming everything its HTML depends on besides the
tenant, the language and the time zone (see fragments.py), or None not to cache it this time.
The page then reads the panel's HTML from the cache and builds nothing. Its template is rendered
with `panel` alone, without the request, so it must not depend on who is looking beyond its key;
its forms' `{% csrf_token %}` holds a placeholder, replaced by the reader's token when shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .fragments import csrf_placeholder, fragment_set, fragments_get, with_csrf_token
from .request import TenantRequest

# "coaching" is the coach's home (communities' coaching page): its object is the viewer.
PAGES = ("point_of_sale", "zone", "region", "network", "coaching")
PanelContext = Callable[[TenantRequest, Any], dict[str, Any] | None]
PanelCacheKey = Callable[[TenantRequest, Any], str | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: PanelContext
    order: int = 100
    cache_key: PanelCacheKey | None = None


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: dict[str, Any]
    html: SafeString | None = None  # a cached panel's HTML; its context is then empty when read


_PANELS: dict[str, dict[str, Panel]] = {page: {} for page in PAGES}


def register_panel(page: str, panel: Panel) -> None:
    if page not in _PANELS:
        raise ValueError(f"unknown page {page!r}; pages: {PAGES}")
    _PANELS[page].setdefault(panel.name, panel)


def panels_for(page: str, request: TenantRequest, obj: Any) -> list[RenderedPanel]:
    """The page's panels in order; the cached ones' HTML read from the cache at once."""
    panels = sorted(_PANELS[page].values(), key=lambda p: (p.order, p.name))
    keys = {p.name: p.cache_key(request, obj) if p.cache_key else None for p in panels}
    cached = fragments_get(request, {f"{page}:{name}": key for name, key in keys.items() if key})
    rendered = []
    for panel in panels:
        shown = _shown(page, panel, request, obj, keys[panel.name], cached)
        if shown is not None:
            rendered.append(shown)
    return rendered


def _built(panel: Panel, request: TenantRequest, obj: Any) -> RenderedPanel | None:
    context = panel.context(request, obj)
    return RenderedPanel(panel.name, panel.template, context) if context is not None else None


def _shown(
    page: str,
    panel: Panel,
    request: TenantRequest,
    obj: Any,
    key: str | None,
    found: dict[str, SafeString],
) -> RenderedPanel | None:
    """The panel, its HTML from the cache when it has a key ("" kept when it shows nothing)."""
    if key is None:
        return _built(panel, request, obj)
    name = f"{page}:{panel.name}"
    cached = found.get(name)
    if cached is not None:
        shown = _with_csrf_token(request, cached)
        return RenderedPanel(panel.name, panel.template, {}, shown) if cached else None
    built = _built(panel, request, obj)
    context = {"panel": built.context, "csrf_token": csrf_placeholder()} if built else None
    html = render_to_string(panel.template, context) if context else ""
    rendered = fragment_set(request, name, key, html)
    return replace(built, html=_with_csrf_token(request, rendered)) if built else None


def _with_csrf_token(request: TenantRequest, html: SafeString) -> SafeString:
    # Only a panel with a form asks for the reader's token (which sets the CSRF cookie).
    return with_csrf_token(request, html) if csrf_placeholder() in html else html
