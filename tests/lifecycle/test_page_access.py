"""Every lifecycle page for every persona: coordinator, facilitator, member, member of another network,
regional coordinator of this and of another region, VO-raad staff, anonymous. Those who may not act
change nothing; those who may not even see inside the network get 404, members 403."""

import pytest

from lifecycle import links
from lifecycle.models import Decision, QuotaChange, View
from networks.models import Membership, Network
from tests.helpers import PERSONAS, client_for, is_login_redirect

MANAGERS = {"coordinator", "regional_coordinator", "staff"}
INSIDERS = MANAGERS | {"facilitator", "member"}
MEMBERS = {"coordinator", "facilitator", "member"}


def phase_of(network):
    return Network.objects.values_list("phase", flat=True).get(pk=network.pk)


def expected(persona, allowed, response, ok=200):
    """`allowed` personas get `ok`; anonymous goes to the login page; other insiders 403; the rest 404."""
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona in allowed:
        assert response.status_code == ok
    elif persona in INSIDERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_support_is_for_managers_only(request, everyone, network, persona):
    response = client_for(request, persona).post(f"/networks/{network.slug}/phase/support/")
    expected(persona, MANAGERS, response, ok=302)
    assert phase_of(network) == ("facilitated" if persona in MANAGERS else "forming")


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_support_does_not_answer_get(request, everyone, network, persona):
    response = client_for(request, persona).get(f"/networks/{network.slug}/phase/support/")
    assert is_login_redirect(response) if persona == "anonymous" else response.status_code == 405
    assert phase_of(network) == "forming"


@pytest.mark.parametrize("persona", PERSONAS)
def test_stop_page_is_for_managers_only(request, everyone, network, persona):
    client = client_for(request, persona)
    expected(persona, MANAGERS, client.get(f"/networks/{network.slug}/phase/stop/"))
    response = client.post(f"/networks/{network.slug}/phase/stop/", {"reason": "Geen gezamenlijk thema."})
    expected(persona, MANAGERS, response, ok=302)
    assert phase_of(network) == ("stopped" if persona in MANAGERS else "forming")


@pytest.mark.parametrize("persona", PERSONAS)
def test_quota_page_is_for_staff_only(request, everyone, network, persona):
    client = client_for(request, persona)
    expected(persona, {"staff"}, client.get(f"/networks/{network.slug}/quota/"))
    response = client.post(f"/networks/{network.slug}/quota/", {"quota": "7", "reason": "Extra begeleiding."})
    expected(persona, {"staff"}, response, ok=302)
    network.refresh_from_db()
    assert network.supported_meeting_quota == (7 if persona == "staff" else 5)
    assert QuotaChange.objects.exists() == (persona == "staff")


@pytest.mark.parametrize("persona", PERSONAS)
def test_decision_page_is_for_managers_and_the_facilitator(request, everyone, deciding, persona):
    response = client_for(request, persona).get(f"/networks/{deciding.slug}/decision/")
    expected(persona, MANAGERS | {"facilitator"}, response)
    if persona in MANAGERS | {"facilitator"}:
        # The facilitator reads the views; only those who manage the network record the outcome.
        assert (response.context["form"] is not None) == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_record_the_outcome(request, everyone, deciding, persona):
    response = client_for(request, persona).post(
        f"/networks/{deciding.slug}/decision/", {"outcome": "continue", "facilitation": "member"}
    )
    expected(persona, MANAGERS, response, ok=302)
    assert Decision.objects.filter(network=deciding).exists() == (persona in MANAGERS)
    assert phase_of(deciding) == ("self_directed" if persona in MANAGERS else "deciding")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_current_members_give_a_view(request, everyone, deciding, persona):
    response = client_for(request, persona).post(
        f"/networks/{deciding.slug}/view/", {"choice": "continue", "comment": ""}
    )
    expected(persona, MEMBERS, response, ok=302)
    assert View.objects.filter(network=deciding).count() == (1 if persona in MEMBERS else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_follow_up_page_is_for_managers(request, everyone, intending, persona):
    # After "we intend to continue" the programme's facilitator is no longer a member: an outsider now.
    client = client_for(request, persona)
    allowed = MANAGERS
    response = client.get(f"/networks/{intending.slug}/follow-up/")
    if persona == "facilitator":
        assert response.status_code == 404
    else:
        expected(persona, allowed, response)
    response = client.post(f"/networks/{intending.slug}/follow-up/", {"continued": "yes"})
    if persona == "facilitator":
        assert response.status_code == 404
    else:
        expected(persona, allowed, response, ok=302)
    assert phase_of(intending) == ("self_directed" if persona in MANAGERS else "intending")


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_link_needs_no_login_and_acts_for_the_member_it_names(request, everyone, deciding, member, persona):
    # The signed token is the credential: whoever opens it (a colleague the mail was forwarded to, a
    # scanner) sees the page; the view recorded is always that of the member the link was made for.
    membership = Membership.objects.get(network=deciding, user=member)
    path = links.view_path(membership=membership.pk, choice="stop")
    client = client_for(request, persona)
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    assert not View.objects.exists()
    assert client.post(path, {"choice": "stop"}).status_code == 200
    assert View.objects.get().membership == membership


@pytest.mark.parametrize("persona", PERSONAS)
def test_follow_up_link_needs_no_login_and_acts_for_the_coordinator_it_names(
    request, everyone, intending, coordinator, persona
):
    membership = Membership.objects.get(network=intending, user=coordinator)
    path = links.follow_up_path(membership=membership.pk)
    client = client_for(request, persona)
    assert client.get(path).status_code == 200
    assert phase_of(intending) == "intending"
    assert client.post(path, {"continued": "no"}).status_code == 200
    assert phase_of(intending) == "stopped"
    decision = Decision.objects.get(network=intending)
    assert decision.follow_up == "stopped"


def test_stopped_network_page_is_404_for_outsiders_even_when_listed(request, everyone, network, coordinator):
    client_for(request, "coordinator").post(f"/networks/{network.slug}/phase/stop/", {"reason": "Uitgedoofd."})
    assert client_for(request, "outsider").get(f"/networks/{network.slug}/").status_code == 404
    assert client_for(request, "member").get(f"/networks/{network.slug}/").status_code == 200
