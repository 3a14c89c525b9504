"""Reviewer.specialty_names() and state_names(): in the letter's order, from a prefetch."""

import pytest

from decisions.models import Case
from tests import builders


@pytest.mark.django_db
def test_names_in_order_read_from_the_prefetch(django_assert_num_queries):
    by = builders.reviewer(("Orthopaedic Surgery", "Pain Medicine"), ("Oregon", "California"))
    builders.case("CM16-0000001", by=by)
    case = Case.objects.with_related().get()
    with django_assert_num_queries(0):
        assert case.reviewer.specialty_names() == ["Orthopaedic Surgery", "Pain Medicine"]
        assert case.reviewer.state_names() == ["Oregon", "California"]
        assert str(case.reviewer) == "expert reviewer: Orthopaedic Surgery, Pain Medicine"
