"""The Today list, done and snooze (also through htmx), and the cadence pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from vinculo.activity import services
from vinculo.activity.models import Cadence, FollowUp, Interaction

from ..factories import make_contact

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    """The visible text of a page, tags dropped and spaces folded."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


@pytest.fixture
def due(user, today):
    lucia = make_contact(
        user,
        name="Lucía Pérez",
        met_on=today - timedelta(days=1),
        met_where="Feria",
        emails=["lucia@example.org"],
        languages=["en"],
    )
    luis = make_contact(user, name="Luis Gómez", tags=["clientes"])
    services.interaction_log(
        owner=user, contact=luis, kind="call", direction="mutual", date=today - timedelta(days=40)
    )
    services.cadence_set(owner=user, tag=luis.tags.get(), ideal_days=30, max_days=60)
    return {"lucia": lucia, "luis": luis, "followup": FollowUp.objects.for_user(user).get()}


def test_today_lists_what_is_due_most_overdue_first(auth_client, due):
    response = auth_client.get(reverse("followups.today"))
    assert response.status_code == 200
    page = text(response)
    assert page.index("Luis Gómez") < page.index("Lucía Pérez")
    assert "Luis Gómez 10 días de retraso" in page
    # Lucía's suggested message is in her language, ready to open in the mail program.
    assert "Great to meet you at Feria" in page
    assert 'href="mailto:lucia@example.org?subject=Great%20to%20meet%20you%20at%20Feria' in (
        response.content.decode()
    )


def test_today_costs_the_same_queries_whatever_is_due(
    auth_client, user, due, today, django_assert_num_queries
):
    auth_client.get(reverse("followups.today"))  # session and the like warm up
    with django_assert_num_queries(12):
        auth_client.get(reverse("followups.today"))
    for n in range(10):
        make_contact(user, name=f"Persona {n}", met_on=today, met_where="Feria", needs=["web"])
        make_contact(user, name=f"Cliente {n}", tags=["clientes"], met_on=today - timedelta(60))
    with django_assert_num_queries(12):
        response = auth_client.get(reverse("followups.today"))
    assert text(response).count("Persona ") == 10


def test_done_through_htmx_answers_a_line_in_place_of_the_item(auth_client, user, due, today):
    url = reverse("followups.done", kwargs={"followup_id": due["followup"].pk})
    response = auth_client.post(url, {}, **HTMX)
    assert text(response) == "Hecho: Lucía Pérez."
    due["followup"].refresh_from_db()
    assert (due["followup"].done, due["followup"].done_on) == (True, today)
    assert Interaction.objects.for_user(user).filter(contact=due["lucia"]).count() == 0


def test_done_and_log_it_without_htmx_goes_back_to_today(auth_client, user, due, today):
    url = reverse("followups.done", kwargs={"followup_id": due["followup"].pk})
    response = auth_client.post(url, {"kind": "email", "summary": "Le escribí"})
    assert response.status_code == 302
    assert response.url == reverse("followups.today")
    assert list(
        Interaction.objects.for_user(user)
        .filter(contact=due["lucia"])
        .values_list("kind", "date", "summary")
    ) == [("email", today, "Le escribí")]


def test_snooze_a_week(auth_client, due, today):
    url = reverse("followups.snooze", kwargs={"followup_id": due["followup"].pk})
    auth_client.post(url, {"days": "7"}, **HTMX)
    due["followup"].refresh_from_db()
    assert due["followup"].due == today + timedelta(days=7)


def test_snooze_only_by_a_day_or_a_week(auth_client, due, today):
    url = reverse("followups.snooze", kwargs={"followup_id": due["followup"].pk})
    auth_client.post(url, {"days": "365"}, **HTMX)
    due["followup"].refresh_from_db()
    assert due["followup"].due == today + timedelta(days=1)


def test_keep_in_touch_done_takes_the_contact_off_today(auth_client, user, due):
    url = reverse("followups.keep_in_touch_done", kwargs={"contact_id": due["luis"].pk})
    response = auth_client.post(url, {"kind": "call"}, **HTMX)
    assert text(response) == "Hecho, y anotado en la cronología de Luis Gómez."
    assert "Luis Gómez" not in text(auth_client.get(reverse("followups.today")))


def test_keep_in_touch_snooze_takes_the_contact_off_today_until_then(auth_client, user, due, today):
    url = reverse("followups.keep_in_touch_snooze", kwargs={"contact_id": due["luis"].pk})
    auth_client.post(url, {"days": "1"}, **HTMX)
    assert list(
        FollowUp.objects.for_user(user)
        .filter(contact=due["luis"], done=False)
        .values_list("due", "reason")
    ) == [(today + timedelta(days=1), "cadence")]
    page = text(auth_client.get(reverse("followups.today")))
    assert page.index("Lucía Pérez") < page.index("Esta semana") < page.index("Luis Gómez")


def test_nothing_due(auth_client):
    page = text(auth_client.get(reverse("followups.today")))
    assert "Hoy no hay nada pendiente. ¿A quién podrías ayudar?" in page


def test_tag_cadence_page_sets_and_removes(auth_client, user):
    contact = make_contact(user, name="Luis Gómez", tags=["familia"])
    tag = contact.tags.get()
    response = auth_client.post(
        reverse("followups.cadences"), {"tag": tag.pk, "ideal_days": 14, "max_days": 30}
    )
    assert response.status_code == 302
    cadence = Cadence.objects.for_user(user).get()
    assert (cadence.tag, cadence.ideal_days, cadence.max_days) == (tag, 14, 30)
    auth_client.post(reverse("followups.cadence_delete", kwargs={"cadence_id": cadence.pk}))
    assert Cadence.objects.for_user(user).count() == 0


def test_tag_cadence_page_refuses_a_maximum_below_the_ideal(auth_client, user):
    tag = make_contact(user, name="Luis Gómez", tags=["familia"]).tags.get()
    response = auth_client.post(
        reverse("followups.cadences"), {"tag": tag.pk, "ideal_days": 30, "max_days": 7}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "max_days": ["El máximo no puede ser más corto que el ideal."]
    }
    assert Cadence.objects.for_user(user).count() == 0


def test_contact_cadence_and_planned_followup(auth_client, user, today):
    contact = make_contact(user, name="Luis Gómez")
    url = reverse("followups.contact", kwargs={"contact_id": contact.pk})
    auth_client.post(url, {"form": "cadence", "cadence-ideal_days": 7, "cadence-max_days": 10})
    due = (today + timedelta(days=3)).isoformat()
    auth_client.post(url, {"form": "followup", "followup-due": due, "followup-note": "Llamar"})
    assert list(
        Cadence.objects.for_user(user).values_list("contact", "ideal_days", "max_days")
    ) == [(contact.pk, 7, 10)]
    assert list(
        FollowUp.objects.for_user(user).values_list("contact", "due", "note", "reason")
    ) == [(contact.pk, today + timedelta(days=3), "Llamar", "manual")]
    auth_client.post(url, {"form": "cadence-remove"})
    assert Cadence.objects.for_user(user).count() == 0


def test_nav_links_today(auth_client):
    body = auth_client.get(reverse("web.dashboard")).content.decode()
    assert f'<a href="{reverse("followups.today")}">' in body


def test_the_rate_after_events_loads_after_the_list(auth_client, user, today):
    make_contact(user, name="Olvidada", met_on=today - timedelta(days=10), met_where="Feria")
    seguida = make_contact(
        user, name="Seguida", met_on=today - timedelta(days=10), met_where="Feria"
    )
    services.interaction_log(
        owner=user, contact=seguida, kind="email", direction="gave", date=today - timedelta(9)
    )
    page = auth_client.get(reverse("followups.today")).content.decode()
    assert f'hx-get="{reverse("followups.rate")}" hx-trigger="load"' in page
    response = auth_client.get(reverse("followups.rate"), **HTMX)
    assert text(response) == (
        "50 % con seguimiento en los dos días siguientes a un evento "
        "1 de 2 personas conocidas en los últimos 90 días"
    )
