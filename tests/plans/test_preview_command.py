"""``render_plan_preview``: the first page of a plan's PDF as a PNG; bad input exits 2."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from tests.conftest import require_service
from tests.plans.conftest import make_version
from tests.plans.documents import sample_document
from veerkracht.plans import exports
from veerkracht.plans.document import to_data


@pytest.fixture
def pdftoppm():
    require_service("pdftoppm", shutil.which("pdftoppm") is not None, "apt-get install poppler-utils")


def test_first_page_of_a_document_file(tmp_path, pdftoppm):
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(to_data(sample_document(colour="#ff0000"))), encoding="utf-8")
    output = tmp_path / "docs" / "eerste-pagina.png"
    call_command("render_plan_preview", document=str(source), output=str(output), dpi=50)
    image = Image.open(output).convert("RGB")
    # A4 at 50 dpi: 8.27 × 11.69 inch
    assert abs(image.size[0] - 8.27 * 50) <= 1 and abs(image.size[1] - 11.69 * 50) <= 1
    # the cover's bar in the municipality's colour is on the first page
    assert any(image.getpixel((x, y)) == (255, 0, 0) for x in range(0, 150) for y in range(100, 250, 5))


@pytest.mark.django_db
def test_from_a_challenge_and_from_an_export(tmp_path, plan_world, pdftoppm):
    make_version(plan_world.challenge, 1)
    latest = make_version(plan_world.challenge, 2, colour="#ff0000")
    output = tmp_path / "a.png"
    call_command("render_plan_preview", challenge=plan_world.challenge.slug, output=str(output), dpi=40)
    image = Image.open(output).convert("RGB")  # the latest version: its cover bar in its colour
    assert any(image.getpixel((x, y)) == (255, 0, 0) for x in range(0, 120) for y in range(80, 200, 4))
    older = tmp_path / "v1.png"
    call_command(
        "render_plan_preview", challenge=plan_world.challenge.slug, plan_version=1, output=str(older), dpi=40
    )
    image = Image.open(older).convert("RGB")
    assert not any(image.getpixel((x, y)) == (255, 0, 0) for x in range(0, 120) for y in range(80, 200, 4))
    export, _new = exports.export_start(version=latest, file_format="pdf", by=None)
    call_command("render_plan_preview", export=export.pk, output=str(tmp_path / "b.png"), dpi=40, page=2)
    assert (tmp_path / "b.png").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options,message",
    [
        ({"challenge": "bestaat-niet"}, "no challenge"),
        ({"challenge": "eenzaamheid"}, "no plan version"),
        ({"export": 999}, "no such export"),
        ({"document": "/nergens/plan.json"}, "--document"),
        ({"challenge": "eenzaamheid", "output": "plan.jpg"}, "must end in .png"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path, plan_world, options, message):
    options = {"output": str(tmp_path / "x.png"), **options}
    with pytest.raises(CommandError) as error:
        call_command("render_plan_preview", **options)
    assert error.value.returncode == 2 and message in str(error.value)


def test_a_file_that_is_not_a_plan(tmp_path):
    source = tmp_path / "plan.json"
    source.write_text('{"title": "x"}', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("render_plan_preview", document=str(source), output=str(tmp_path / "x.png"))
    assert error.value.returncode == 2 and "not a plan document" in str(error.value)
