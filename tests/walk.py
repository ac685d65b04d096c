"""Route discovery for the isolation walks: every URL pattern, with the ids it needs.

A route whose parameters are not in ID_SOURCES fails the walk until someone says where its test
data comes from, so a new route cannot escape the isolation test.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import Network


def _first_pk(model_label: str, network: Network) -> object:
    """The first row of a tenant-owned model in a network (the walk's fixtures create it)."""
    from django.apps import apps

    from network_animation.tenancy import tenant_scope

    model = apps.get_model(model_label)
    with tenant_scope(network.tenant):
        pk = model.objects.filter(tenant=network.tenant).order_by("pk").values_list("pk").first()
    if pk is None:
        raise LookupError(f"no {model_label} in {network.tenant} for the walk")
    return pk[0]


# parameter name -> how to find an object of that kind in a network
ID_SOURCES: dict[str, Callable[[Network], object]] = {
    "region_id": lambda n: n.region.pk,
    "zone_id": lambda n: n.zone.pk,
    "point_of_sale_id": lambda n: n.point_of_sale.pk,
    "membership_id": lambda n: n.members["pos_staff"].pk,
    "kpi_id": lambda n: _first_pk("kpis.KpiDefinition", n),
    "objective_id": lambda n: _first_pk("kpis.Objective", n),
}
# API detail routes name their object `pk`: the route name says which kind.
API_PK_SOURCES: dict[str, str] = {
    "api:region-detail": "region_id",
    "api:zone-detail": "zone_id",
    "api:point-of-sale-detail": "point_of_sale_id",
}
EXTRA_SOURCES: dict[str, Callable[[Network], object]] = {}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def iter_routes(
    resolver: URLResolver | None = None, namespace: str = "", parent_params: tuple[str, ...] = ()
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        params = parent_params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            child = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, child, params)
        elif entry.name:
            yield Route(f"{namespace}{entry.name}", entry, params)


def tenant_routes() -> list[Route]:
    """Routes under /<tenant_slug>/ (pages) and /api/v1/ (the API), except the admin."""
    from django.urls import reverse  # noqa: F401  # resolvers must be loaded

    routes = []
    for route in iter_routes():
        if route.name.startswith("admin:"):
            continue
        routes.append(route)
    return routes


def register_id_source(param: str, source: Callable[[Network], object]) -> None:
    EXTRA_SOURCES[param] = source


def id_for(route: Route, param: str, network: Network) -> object:
    if param == "pk" and route.name in API_PK_SOURCES:
        param = API_PK_SOURCES[route.name]
    source = ID_SOURCES.get(param) or EXTRA_SOURCES.get(param)
    if source is None:
        raise LookupError(f"route {route.name}: no test data for parameter {param!r}")
    return source(network)
