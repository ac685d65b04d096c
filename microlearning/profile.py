"""Learning's section of a person's account page: their certifications in each brand they work
for, valid or expired (network_animation/profile_sections.py)."""

from typing import Any

from django.utils import timezone

from network_animation.models import User
from network_animation.profile_sections import ProfileSection, register_profile_section
from network_animation.selectors import membership_list_across_tenants
from network_animation.tenancy import tenant_scope

from .selectors.certifications import certifications_held


def certifications_section(user: User) -> dict[str, Any] | None:
    """One query per brand the person works for (a handful at most)."""
    memberships = membership_list_across_tenants(user=user)
    today = timezone.localdate()
    brands = []
    for membership in memberships:
        with tenant_scope(membership.tenant):
            held = certifications_held(tenant=membership.tenant, membership=membership, on=today)
        if held:
            brands.append({"tenant": membership.tenant, "certifications": held})
    if not brands:
        return None
    return {"brands": brands, "several": len(memberships) > 1}


def register() -> None:
    register_profile_section(
        ProfileSection(
            "certifications", "microlearning/profile_certifications.html", certifications_section
        )
    )
