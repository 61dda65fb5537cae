"""What the network side writes for the owner: the message asking for an introduction."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import get_text_list

from vinculo.giving.services import Draft
from vinculo.people.models import Contact


def path_draft_ask(*, owner, people: list[Contact], offer: str = "") -> Draft:
    """The message asking the first person of a warm path to introduce the owner to the
    last, in the first person's language (the people in between are named as the way)."""
    first, target = people[0], people[-1]
    with translation.override(first.language):
        via = get_text_list([p.name for p in people[1:-1]], translation.gettext("and"))
        text = render_to_string(
            "network/messages/ask_path.txt",
            {"owner": owner, "first": first, "target": target, "via": via, "offer": offer},
        ).strip()
    subject, _blank, body = text.partition("\n\n")
    return Draft(
        to=first.emails[:1],
        subject=subject.strip(),
        body=body.strip() + "\n",
        language=first.language,
    )
