import django.db.models.deletion
from django.db import migrations, models


def link_logged_interactions(apps, schema_editor):
    """Favours recorded before this link existed: find the interaction each one logged (same
    contact, date, words and direction, kind "other") so the ledger stops counting it twice."""
    Favor = apps.get_model("giving", "Favor")
    Interaction = apps.get_model("activity", "Interaction")
    taken = set()
    for favor in Favor.objects.filter(interaction__isnull=True).order_by("id").iterator():
        candidates = (
            Interaction.objects.filter(
                owner_id=favor.owner_id,
                contact_id=favor.contact_id,
                date=favor.date,
                summary=favor.description,
                kind="other",
                direction="gave" if favor.flow == "gave" else "received",
            )
            .exclude(pk__in=taken)
            .order_by("id")
            .values_list("pk", flat=True)
        )
        pk = next(iter(candidates[:1]), None)
        if pk is not None:
            taken.add(pk)
            Favor.objects.filter(pk=favor.pk).update(interaction_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0005_interaction_owner_direction"),
        ("giving", "0003_match_score_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="favor",
            name="interaction",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="favor",
                to="activity.interaction",
            ),
        ),
        migrations.RunPython(link_logged_interactions, migrations.RunPython.noop),
    ]
