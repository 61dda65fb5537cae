"""``{% calendar_feed %}``: the calendar feed box of the profile page."""

from django import template
from django.urls import reverse

from vinculo.activity.selectors import calendar_feed_get

register = template.Library()


@register.inclusion_tag("web/followups/_calendar.html", takes_context=True)
def calendar_feed(context):
    request = context["request"]
    feed = calendar_feed_get(user=request.user)
    url = None
    if feed is not None:
        url = request.build_absolute_uri(
            reverse("calendar.feed", kwargs={"feed_token": feed.token})
        )
    return {"feed_url": url, "csrf_token": context.get("csrf_token")}
