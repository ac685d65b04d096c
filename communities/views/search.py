"""The search across threads and best practices, and the answers suggested while a question is
being written (the same route: htmx asks it with `similar` and the title typed so far)."""

from typing import Any, cast

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from kpis.selectors import kpi_list
from network_animation.models import Tenant
from network_animation.views.common import TenantRequest, paginate

from .. import selectors
from ..search import QUERY_MAX
from .threads import POSTS_PER_PAGE

RESULTS_PER_PAGE = 20
SIMILAR_SHORTEST = 8  # characters of a title before suggestions are looked for


class KpiChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: KpiDefinition) -> str:
        return obj.name


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=QUERY_MAX, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Everything")), *selectors.SearchKind.choices],
        required=False,
    )
    kpi = KpiChoiceField(
        label=_("KPI"),
        queryset=KpiDefinition.objects.none(),
        required=False,
        empty_label=_("Every KPI"),
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kpis = cast(KpiChoiceField, self.fields["kpi"])
        kpis.queryset = kpi_list(tenant=tenant, active_only=True).order_by("code")


def search(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    if request.GET.get("similar"):
        return _similar(request)
    tenant, membership = request.tenant, request.membership
    form = SearchForm(request.GET, tenant=tenant)
    page, documents = None, None
    searched = form.is_valid() and bool(form.cleaned_data["q"].strip())
    if searched:
        asked = form.cleaned_data
        kind = asked["kind"]
        if kind != selectors.SearchKind.DOCUMENTS:
            threads = selectors.search_threads(
                tenant=tenant, membership=membership, text=asked["q"], kind=kind, kpi=asked["kpi"]
            )
            page = paginate(request, threads, per_page=RESULTS_PER_PAGE)
            found = list(page.object_list)
            hits = selectors.search_hits(tenant=tenant, text=asked["q"], threads=found)
            page.object_list = _with_links(tenant_slug, hits)
        # The library's best matches, with the first page of everything or alone.
        if kind in ("", selectors.SearchKind.DOCUMENTS) and (page is None or page.number == 1):
            documents = selectors.search_documents(
                tenant=tenant, membership=membership, text=asked["q"], kpi=asked["kpi"]
            )
    template = "communities/search.html#results" if request.htmx else "communities/search.html"
    context = {"form": form, "page": page, "documents": documents, "searched": searched}
    return render(request, template, context, status=400 if form.errors else 200)


def _similar(request: TenantRequest) -> HttpResponse:
    """Answered questions and best practices like the title being typed (an htmx fragment)."""
    title = request.GET.get("title", "").strip()[:QUERY_MAX]
    similar = (
        selectors.search_similar(tenant=request.tenant, membership=request.membership, text=title)
        if len(title) >= SIMILAR_SHORTEST
        else []
    )
    context = {"similar": _with_links(request.tenant.slug, similar)}
    return render(request, "communities/search_similar.html", context)


def _with_links(tenant_slug: str, hits: list[selectors.SearchHit]) -> list[Any]:
    """Each hit with the address of its post: the page of the thread that shows it."""
    linked = []
    for hit in hits:
        link = reverse("communities:thread", args=[tenant_slug, hit.thread.pk])
        thread_page = hit.posts_before // POSTS_PER_PAGE + 1
        link += f"?page={thread_page}" if thread_page > 1 else ""
        linked.append((hit, f"{link}#post-{hit.post.pk}" if hit.post else link))
    return linked
