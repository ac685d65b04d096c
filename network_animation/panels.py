"""Panels: what other apps add to the core pages, without the core importing them.

The point of sale, zone, region and network pages are each person's home. KPIs add their tiles and
heat maps, challenges their leaderboards and launch form, and so on: each app registers a panel
for a page in its AppConfig.ready(), and the page renders the panels in order.

A panel is a template and a function that builds its context from the request and the page's
object; it returns None when it has nothing to show to this person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PAGES = ("point_of_sale", "zone", "region", "network")
PanelContext = Callable[[HttpRequest, Any], dict | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: dict


_PANELS: dict[str, dict[str, Panel]] = {page: {} for page in PAGES}


def register_panel(page: str, panel: Panel) -> None:
    if page not in _PANELS:
        raise ValueError(f"unknown page {page!r}; pages: {PAGES}")
    _PANELS[page].setdefault(panel.name, panel)


def panels_for(page: str, request: HttpRequest, obj: Any) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_PANELS[page].values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj)
        if context is not None:
            rendered.append(RenderedPanel(panel.name, panel.template, context))
    return rendered
