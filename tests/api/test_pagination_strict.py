"""A page's `limit` and `offset` are whole numbers written as digits (the schema's integers)."""

import pytest
from rest_framework.exceptions import ValidationError

from network_animation.api.pagination import PageQuerySerializer


@pytest.mark.parametrize("text", ["0.0", "1.000", "1e2", "-1", " ", "x", "\u0661"])
def test_a_page_parameter_that_is_not_written_as_digits_is_refused(text):
    query = PageQuerySerializer(data={"offset": text})
    with pytest.raises(ValidationError) as refused:
        query.is_valid(raise_exception=True)
    assert "offset" in refused.value.detail


def test_digits_are_read_as_the_page():
    query = PageQuerySerializer(data={"offset": "40", "limit": "20"})
    assert query.is_valid()
    assert query.validated_data == {"offset": 40, "limit": 20}
