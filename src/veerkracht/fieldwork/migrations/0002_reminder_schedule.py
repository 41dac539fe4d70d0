"""Schedule the fieldwork's hourly task (reminders, closing ended waves) in django_celery_beat."""

from django.db import migrations

TASK = "veerkracht.fieldwork.tasks.send_due_reminders"
NAME = "fieldwork: send due reminders"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.update_or_create(name=NAME, defaults={"task": TASK, "interval": schedule, "enabled": True})


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
