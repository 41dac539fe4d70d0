import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0002_reminder_schedule"),
    ]

    operations = [
        migrations.CreateModel(
            name="WaveHeadline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dimension_code", models.CharField(max_length=40)),
                ("headline", models.FloatField(blank=True, null=True)),
                (
                    "wave",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="headlines",
                        to="fieldwork.wave",
                    ),
                ),
            ],
            options={
                "verbose_name": "headline score of a reported wave",
                "verbose_name_plural": "headline scores of reported waves",
                "constraints": [
                    models.UniqueConstraint(fields=("wave", "dimension_code"), name="fieldwork_wave_headline_unique")
                ],
            },
        ),
    ]
