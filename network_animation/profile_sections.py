"""What other apps add to a person's own account page (learning: their certifications), without
the core importing them, as panels do for the tenant pages.

The account page belongs to no tenant: a person may work for several brands. A section is
given the user and reads each of their brands inside that brand's scope (their memberships
come from `membership_list_across_tenants`); it returns None when it has nothing to show."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import User

SectionContext = Callable[[User], dict[str, Any] | None]


@dataclass(frozen=True)
class ProfileSection:
    name: str
    template: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> None:
    _SECTIONS.setdefault(section.name, section)


def profile_sections_for(user: User) -> list[RenderedSection]:
    """The sections with something to show this person, in order."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        context = section.context(user)
        if context is not None:
            shown.append(RenderedSection(section.template, context))
    return shown
