"""Load the built-in instrument, version 1 (docs/monitor/instrument.md), from monitor/data/instrument_v1.json.

The loader is frozen here on purpose (migrations must not depend on today's services).
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "instrument_v1.json"


def load_v1(apps, schema_editor):
    Instrument = apps.get_model("monitor", "Instrument")
    ScalePoint = apps.get_model("monitor", "ScalePoint")
    Dimension = apps.get_model("monitor", "Dimension")
    Item = apps.get_model("monitor", "Item")
    FacetOption = apps.get_model("monitor", "FacetOption")
    BackgroundQuestion = apps.get_model("monitor", "BackgroundQuestion")
    BackgroundOption = apps.get_model("monitor", "BackgroundOption")
    OpenQuestion = apps.get_model("monitor", "OpenQuestion")
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    if Instrument.objects.filter(code=doc["code"], version=doc["version"]).exists():
        return
    scale, modules = doc["scale"], doc["modules"]
    instrument = Instrument.objects.create(
        code=doc["code"],
        version=doc["version"],
        name_nl=doc["name"]["nl"],
        name_en=doc["name"]["en"],
        scale_min=scale["min"],
        scale_max=scale["max"],
        facet_prompt_nl=modules["facets"]["prompt"]["nl"],
        facet_prompt_en=modules["facets"]["prompt"]["en"],
        open_min_comments=modules["open_min_comments"],
        source="builtin",
    )
    for label in scale["labels"]:
        ScalePoint.objects.create(
            instrument=instrument,
            value=label["value"],
            label_nl=label["nl"],
            label_en=label["en"],
            is_missing=label["value"] in scale["missing"],
        )
    for d_order, dim in enumerate(doc["dimensions"], start=1):
        dimension = Dimension.objects.create(
            instrument=instrument, code=dim["code"], order=d_order, name_nl=dim["name"]["nl"], name_en=dim["name"]["en"]
        )
        for i_order, item in enumerate(dim["items"], start=1):
            Item.objects.create(
                instrument=instrument,
                dimension=dimension,
                code=item["code"],
                order=i_order,
                text_nl=item["text"]["nl"],
                text_en=item["text"]["en"],
                reverse=item["reverse"],
                short_form=item["short_form"],
                topic=item.get("topic", ""),
            )
    for n, option in enumerate(modules["facets"]["options"], start=1):
        FacetOption.objects.create(
            instrument=instrument, code=option["code"], order=n, text_nl=option["nl"], text_en=option["en"]
        )
    for n, q in enumerate(modules["background"], start=1):
        question = BackgroundQuestion.objects.create(
            instrument=instrument, code=q["code"], order=n, text_nl=q["text"]["nl"], text_en=q["text"]["en"]
        )
        for m, option in enumerate(q["options"], start=1):
            BackgroundOption.objects.create(
                question=question, code=option["code"], order=m, label_nl=option["nl"], label_en=option["en"]
            )
    for n, q in enumerate(modules["open"], start=1):
        OpenQuestion.objects.create(
            instrument=instrument, code=q["code"], order=n, text_nl=q["text"]["nl"], text_en=q["text"]["en"]
        )


def unload_v1(apps, schema_editor):
    apps.get_model("monitor", "Instrument").objects.filter(code="innovatiemonitor", version=1, locked_at=None).delete()


class Migration(migrations.Migration):
    dependencies = [("monitor", "0001_initial")]

    operations = [migrations.RunPython(load_v1, unload_v1)]
