"""The anonymity check of lesson sheets (communities/anonymity.py), as properties over random
names, codes and cities: any of the reporter's identifying strings, in any field, in any case,
with or without accents (or hidden by Markdown or an invisible character), is found; a code
inside a longer word is not. Then through the service, over seeded random identities."""

import random
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from communities.anonymity import Identifier, identifiers_found, person_identifiers
from communities.services import sheet_submit
from communities.services.lesson_sheets import FIELDS
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .test_coaching import CLEAN, _person, build_coaching, written_sheet

ACCENTED = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ûü", "c": "ç", "n": "ñ"}
LETTERS = "abcdefghijklmnopqrstuvwxyz" + "".join(ACCENTED.values())

names = st.text(alphabet=LETTERS, min_size=2, max_size=12).map(str.capitalize)
codes = st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True)
cities = st.lists(names, min_size=1, max_size=3).map("-".join)
fillers = st.text(alphabet="abcdefghij éèà,;:!?()\n", max_size=60)


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def with_accents(text: str, draw: st.DrawFn) -> str:
    return "".join(
        draw(st.sampled_from(ACCENTED[c])) if c in ACCENTED and draw(st.booleans()) else c
        for c in text
    )


@st.composite
def disguised(draw: st.DrawFn, value: str) -> str:
    """The value as a coach might write it: any case, accents dropped or added, in Markdown
    emphasis, or with an invisible character inside."""
    shown = draw(st.sampled_from([str.lower, str.upper, str.title, str.swapcase]))(value)
    accents = draw(st.sampled_from(["kept", "dropped", "added"]))
    if accents == "dropped":
        shown = without_accents(shown)
    elif accents == "added":
        shown = with_accents(without_accents(shown), draw)
    wrapper = draw(st.sampled_from(["{}", "**{}**", "*{}*", "`{}`", "[{}](https://x.example)"]))
    return wrapper.format(shown)


@st.composite
def identities(draw: st.DrawFn) -> list[Identifier]:
    first, last = draw(names), draw(names)
    colleague_first, colleague_last = draw(names), draw(names)
    return [
        *person_identifiers(first, last, "a name"),
        *person_identifiers(colleague_first, colleague_last, "a colleague's name"),
        Identifier(draw(names) + " " + draw(names), "the point of sale's name"),
        Identifier(draw(codes), "the point of sale's code"),
        Identifier(draw(cities), "the point of sale's city"),
    ]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), identity=identities())
def test_any_identifying_string_in_any_field_is_found(data, identity):
    chosen = data.draw(st.sampled_from(identity))
    field = data.draw(st.sampled_from(list(FIELDS)))
    shown = data.draw(disguised(chosen.value))
    text = f"{data.draw(fillers)} {shown}. {data.draw(fillers)}"
    texts = dict.fromkeys(FIELDS, "Rien à signaler.") | {field: text}
    found = identifiers_found(texts, identity)
    assert field in {finding.field for finding in found}, (chosen.value, text)


@settings(max_examples=200, deadline=None)
@given(code=codes, digit=st.sampled_from("0123456789"), letter=st.sampled_from("ABXYZ"))
def test_a_code_inside_a_longer_word_is_not_the_code(code, digit, letter):
    identity = [Identifier(code, "the point of sale's code")]
    longer = {"title": f"Voir {code}{digit} et {letter}{code}."}
    assert identifiers_found(longer, identity) == []
    assert identifiers_found({"title": f"Voir ({code.lower()})."}, identity) != []


def test_an_invisible_character_or_an_entity_does_not_hide_a_name():
    identity = person_identifiers("Dupont", "", "a name")
    for text in ("Du\u200bpont", "Du\u00adpont", "Du&#112;ont", "DU**PONT**", "Dupônt"):
        assert identifiers_found({"title": text}, identity) != [], text
    assert identifiers_found({"title": "Dupontel et Dupond"}, identity) == []


@pytest.fixture
def coaching(network_a, communities_a):
    return build_coaching(network_a)


@pytest.mark.django_db
def test_submitting_refuses_any_of_the_reporters_strings_over_random_identities(coaching):
    """Through the service and the database: the reporter's names, a colleague's, the point
    of sale's name, code and city, drawn at random, in any field, are refused and named."""
    rng = random.Random(16)  # seeded: a failure replays
    network = coaching.network

    def word(size: int) -> str:
        return "".join(rng.choice(LETTERS) for _ in range(size)).capitalize()

    sheet = written_sheet(coaching)
    reporter, point = coaching.reporter, network.point_of_sale
    for _round in range(12):
        with tenant_scope(network.tenant):
            reporter.user.first_name, reporter.user.last_name = word(5), word(8)
            reporter.user.save()
            point.name, point.code = (
                f"{word(6)} {word(4)}",
                f"{word(1).upper()}{rng.randint(1, 99)}",
            )
            point.city = f"{word(5)}-{word(3)}"
            point.save()
        colleague = _person(network, Role.POS_STAFF, word(6), word(7), point_of_sale=point)
        strings = [
            reporter.user.first_name,
            reporter.user.last_name,
            reporter.user.get_full_name(),
            colleague.user.first_name,
            colleague.user.last_name,
            point.name,
            point.code,
            point.city,
        ]
        value = rng.choice(strings)
        shown = rng.choice([str.upper, str.lower, without_accents, str])(value)
        field = rng.choice(list(FIELDS))
        with tenant_scope(network.tenant):
            for name, clean in CLEAN.items():
                setattr(sheet, name, clean)
            setattr(sheet, field, f"{getattr(sheet, field)} ({shown})")
            with pytest.raises(ValidationError) as refused:
                sheet_submit(tenant=network.tenant, actor=coaching.coach, sheet=sheet)
        assert field in refused.value.message_dict, (value, field)
        assert value in " ".join(refused.value.message_dict[field])
