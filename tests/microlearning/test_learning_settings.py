"""Head office sets its network's points by attempt (issue 15, item 3: "10/7/5/2, set per
tenant") on a page linked from "Write modules"; the scale is checked (1 to 6 whole numbers,
each lower than the one before), refusals say why, and the change is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microlearning.models import LearningSettings
from microlearning.services import learning_settings, learning_settings_save
from network_animation.models import AuditEvent, Role
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module, quiz

pytestmark = pytest.mark.django_db


def page(network) -> str:
    return reverse("microlearning:settings", args=[network.tenant.slug])


def test_head_office_finds_the_rules_from_write_modules_and_sees_the_current_scale(
    network_a, settings
):
    settings.LANGUAGE_CODE = "en"
    client = network_a.client(Role.HEAD_OFFICE)
    manage = client.get(reverse("microlearning:manage", args=[network_a.tenant.slug]))
    assert page(network_a) in manage.content.decode()
    shown = client.get(page(network_a))
    assert shown.status_code == 200
    assert 'value="10, 7, 5, 2"' in shown.content.decode()


def test_a_new_scale_saved_on_the_page_scores_the_next_answers(network_a, network_b):
    client = network_a.client(Role.HEAD_OFFICE)
    response = client.post(page(network_a), {"points_by_attempt": "12; 6 3"})
    assert response.status_code == 302
    with tenant_scope(network_a.tenant):
        assert learning_settings(tenant=network_a.tenant).points_by_attempt == [12, 6, 3]
        event = AuditEvent.objects.get(action="learning_settings_saved")
    assert event.before == {"points_by_attempt": [10, 7, 5, 2]}
    assert event.after == {"points_by_attempt": [12, 6, 3]}
    module = make_module(network_a, [quiz()], pass_mark=100)
    learn(network_a, module, right=False)
    assert learn(network_a, module, right=True).points_earned == 6
    # The other network keeps its own (the defaults).
    with tenant_scope(network_b.tenant):
        assert not LearningSettings.objects.filter(tenant=network_b.tenant).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10, 10, 5", "Each attempt is worth fewer points than the one before: 10 follows 10."),
        ("5, 7", "Each attempt is worth fewer points than the one before: 7 follows 5."),
        ("10, -2", "Write whole numbers separated by commas, for example 10, 7, 5, 2."),
        ("ten, seven", "Write whole numbers separated by commas, for example 10, 7, 5, 2."),
        ("7, 6, 5, 4, 3, 2, 1", "Give between 1 and 6 values, one per attempt."),
        (" , ", "Give between 1 and 6 values, one per attempt."),
    ],
)
def test_a_wrong_scale_is_refused_with_the_reason_and_the_form_again(
    network_a, settings, typed, message
):
    settings.LANGUAGE_CODE = "en"
    client = network_a.client(Role.HEAD_OFFICE)
    response = client.post(page(network_a), {"points_by_attempt": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'name="points_by_attempt"' in response.content.decode()
    with tenant_scope(network_a.tenant):
        assert not LearningSettings.objects.filter(tenant=network_a.tenant).exists()


@pytest.mark.parametrize("role", [Role.ANIMATOR, Role.POS_MANAGER, Role.POS_STAFF, Role.COACH])
def test_only_head_office_sets_the_rules(network_a, role):
    client = network_a.client(role)
    assert client.get(page(network_a)).status_code == 403
    assert client.post(page(network_a), {"points_by_attempt": "1"}).status_code == 403
    with tenant_scope(network_a.tenant):
        assert not LearningSettings.objects.filter(tenant=network_a.tenant).exists()


def test_head_office_of_another_network_cannot_reach_this_ones_rules(network_a, network_b):
    response = network_b.client(Role.HEAD_OFFICE).post(page(network_a), {"points_by_attempt": "1"})
    assert response.status_code in (403, 404)
    with tenant_scope(network_a.tenant):
        assert not LearningSettings.objects.filter(tenant=network_a.tenant).exists()


def test_the_service_checks_the_scale_and_the_role_itself(network_a):
    with tenant_scope(network_a.tenant):
        head_office = network_a.members[Role.HEAD_OFFICE]
        with pytest.raises(ValidationError):
            learning_settings_save(
                tenant=network_a.tenant, actor=head_office, points_by_attempt=[3, 4]
            )
        with pytest.raises(ValidationError):
            learning_settings_save(tenant=network_a.tenant, actor=head_office, points_by_attempt=[])
        with pytest.raises(PermissionDenied):
            learning_settings_save(
                tenant=network_a.tenant,
                actor=network_a.members[Role.ANIMATOR],
                points_by_attempt=[5, 1],
            )
        saved = learning_settings_save(
            tenant=network_a.tenant, actor=head_office, points_by_attempt=[0]
        )
    assert saved.points_by_attempt == [0]
