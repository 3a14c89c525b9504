"""An analyst signs in from a filtered page, saves the filter, and finds it in the list."""

import pytest
from django.contrib.auth.models import User

from decisions.models import DisputedItem, SavedSearch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("archive")]


def test_save_a_search_from_a_filtered_page_and_find_it_in_the_list(page, live_server):
    User.objects.create_user("ana", "ana@example.org", "a long passphrase 7")
    overturned = DisputedItem.objects.filter(outcome="overturned").count()
    page.goto(f"{live_server.url}/items/?outcome=overturned")
    page.get_by_role("link", name="Sign in to save this search").click()
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("a long passphrase 7")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/items/?outcome=overturned")  # back on the filtered page

    save_form = page.get_by_role("region", name="Save this search")
    save_form.get_by_label("Save this search as").fill("Overturned, all specialties")
    save_form.get_by_label("Email digest").select_option("weekly")
    save_form.get_by_role("button", name="Save search").click()
    page.wait_for_url("**/searches/")

    assert (
        "Saved the search 'Overturned, all specialties'." in page.get_by_role("status").inner_text()
    )
    saved = page.get_by_test_id("saved-search")
    assert saved.count() == 1
    assert "Items where outcome is overturned" in saved.inner_text()
    assert saved.get_by_label("Email digest").input_value() == "weekly"
    saved.get_by_role("link", name="Overturned, all specialties").click()
    page.wait_for_url("**/items/?outcome=overturned")
    assert page.get_by_test_id("summary").inner_text().startswith(f"{overturned} items")
    assert SavedSearch.objects.get().query == "outcome=overturned"
