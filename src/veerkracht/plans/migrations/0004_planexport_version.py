"""Exports belong to a plan version. Exports made before were of "the current plan" without a version;
they cannot be attributed to one and are removed (their files stay in storage until cleaned)."""

import django.db.models.deletion
from django.db import migrations, models


def remove_unattributed(apps, schema_editor):
    apps.get_model("plans", "PlanExport").objects.filter(version__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_plan_export"),
    ]

    operations = [
        migrations.AddField(
            model_name="planexport",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exports",
                to="plans.planversion",
                verbose_name="plan version",
            ),
        ),
        migrations.RunPython(remove_unattributed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="planexport",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exports",
                to="plans.planversion",
                verbose_name="plan version",
            ),
        ),
    ]
