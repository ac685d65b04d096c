"""How a demo community scene is written: who says what, where, and when.

Authors are parts of the demo's cast (communities/demo/cast.py: "animateur", "voisin"...), so a
scene reads the same whatever the names the organisation's demo drew. Bodies are Markdown with
placeholders filled from the cast: `{animateur}` (full name, for @mentions), `{animateur_prenom}`,
`{animateur_ville}`, and `{marque}`, `{region}`, `{zone}`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A thread's opening post or one of its replies."""

    author: str
    body: str
    hours: float = 0.0  # after the opening post
    likes: int = 0  # people of the community who like it, drawn by the seeder
    # A best practice linked to these KPI codes (those the brand has): an opening post is
    # published as one; a reply is marked by `marked_by` (its author when empty).
    kpis: tuple[str, ...] = ()
    marked_by: str = ""
    addendum: str = ""  # added by its author the next day (the post's history shows it)
    flagged_by: str = ""  # reported to the moderators, left in their queue
    flag_reason: str = ""


@dataclass(frozen=True)
class Scene:
    """A thread. `community`: "zone" and "region" (the demo accounts' own), "animators" (the
    animators' role community), "points_of_sale" (every point of sale of the brand's type), or
    "family:<KPI family>"."""

    community: str
    title: str
    days_ago: int
    hour: int  # local time of the opening post
    messages: tuple[Message, ...]
    question: bool = False
    accepted: int | None = None  # the reply (index in `messages`) its asker accepts
    pinned_by: str = ""
    locked_by: str = ""  # after the last reply
