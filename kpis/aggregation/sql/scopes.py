"""The two levels whose rows are built from the facts, month and year: points of sale and people.

Their statements differ only by the words below. People's rows count the facts that carry a
person, for that person; a point of sale's count every fact, with or without a person. A person's
point of sale, zone and region are their membership's, which may have no point of sale.
"""

from .tables import statement

LEVELS = ("point_of_sale", "person")

# `column`: the facts' column of the scope; `point_of_sale`: the rows' point of sale;
# `facts_condition`: which facts the level reads.
WORDS = {
    "point_of_sale": {
        "column": "point_of_sale_id",
        "point_of_sale": "a.scope_id",
        "facts_condition": "",
    },
    "person": {
        "column": "person_id",
        "point_of_sale": "m.point_of_sale_id",
        # Not `person_id IS NOT NULL`, which PostgreSQL answered from the partial index of the
        # facts with a person, all of them (a year of learning's), rather than from the month's
        # range of the unique index: 0.5 s of a 3 s nightly run on the bench's tenant.
        "facts_condition": " AND f.person_key <> 0",
    },
}

# The joins of a level's rows (`a`, one per scope) to their point of sale and zone.
POINT_OF_SALE_JOINS = """JOIN {points_of_sale} pos ON pos.id = a.scope_id
JOIN {zones} z ON z.id = pos.zone_id"""
PERSON_JOINS = """JOIN {memberships} m ON m.id = a.scope_id
LEFT JOIN {points_of_sale} pos ON pos.id = m.point_of_sale_id
LEFT JOIN {zones} z ON z.id = pos.zone_id"""
JOINS = {"point_of_sale": POINT_OF_SALE_JOINS, "person": PERSON_JOINS}


def scope_words(level: str) -> dict[str, str]:
    """The words of `level` in a statement of months or years."""
    return {"level": level, **WORDS[level], "scope_joins": statement(JOINS[level])}
