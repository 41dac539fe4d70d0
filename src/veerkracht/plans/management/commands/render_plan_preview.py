"""Render the first page of a plan's PDF as a PNG image (for the documentation and the README).

    veerkracht render_plan_preview --challenge eenzaamheid-ouderen --output docs/plans/plan-eerste-pagina.png
    veerkracht render_plan_preview --challenge eenzaamheid-ouderen --plan-version 1 --output v1.png
    veerkracht render_plan_preview --document plan.json --output plan.png [--page 2] [--dpi 110]
    veerkracht render_plan_preview --export 12 --output plan.png

The plan comes from a challenge (its latest version, or ``--plan-version N``, with the team's own texts:
what an export of that version renders), a stored export (the plan as it was exported) or a JSON file
(``document.to_data``). The PDF is made as
for an export (``render_pdf``); the page is drawn by ``pdftoppm`` (Debian's poppler-utils). Bad input
exits with status 2 and says what is wrong.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

MALFORMED = 2


class Command(BaseCommand):
    help = "Render the first page (or --page N) of a plan's PDF as a PNG image."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--challenge", help="short name of a challenge: its latest plan version")
        source.add_argument("--export", type=int, help="id of a stored plan export")
        source.add_argument("--document", help="a JSON file holding a plan (document.to_data)")
        parser.add_argument(
            "--plan-version", type=int, help="with --challenge: this version (default: the latest)"
        )
        parser.add_argument("--output", required=True, help="the PNG file to write")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--dpi", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        from veerkracht.plans.render_pdf import render_pdf

        output = Path(options["output"])
        if output.suffix.lower() != ".png":
            raise CommandError(f"--output {output}: the file must end in .png", returncode=MALFORMED)
        document = self._document(options)
        if options["page"] < 1 or not 30 <= options["dpi"] <= 600:
            raise CommandError("--page must be 1 or more and --dpi between 30 and 600", returncode=MALFORMED)
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError(
                "pdftoppm is not installed (apt-get install poppler-utils)", returncode=MALFORMED
            )
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "plan.pdf"
            pdf.write_bytes(render_pdf(document))
            page = str(options["page"])
            result = subprocess.run(  # noqa: S603 - a fixed program, our own file names
                [pdftoppm, "-png", "-r", str(options["dpi"]), "-f", page, "-l", page, "-singlefile"]
                + [str(pdf), str(Path(folder) / "page")],
                capture_output=True,
                check=False,
                timeout=120,
            )
            image = Path(folder) / "page.png"
            if result.returncode != 0 or not image.exists():
                raise CommandError(
                    f"pdftoppm could not draw page {page}: {result.stderr.decode(errors='replace').strip()}",
                    returncode=MALFORMED,
                )
            shutil.copyfile(image, output)
        self.stdout.write(f"{output} ({document.title}, page {options['page']})")

    def _document(self, options: dict[str, Any]) -> Any:
        from veerkracht.agenda.models import Challenge
        from veerkracht.plans.document import from_data
        from veerkracht.plans.models import PlanExport
        from veerkracht.plans.selectors import document_of
        from veerkracht.plans.version_models import PlanVersion

        if options["document"]:
            path = Path(options["document"])
            try:
                return from_data(json.loads(path.read_text(encoding="utf-8")))
            except OSError as error:
                raise CommandError(f"--document {path}: {error.strerror}", returncode=MALFORMED) from error
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f"--document {path}: not a plan document ({type(error).__name__}: {error})",
                    returncode=MALFORMED,
                ) from error
        if options["export"] is not None:
            export = PlanExport.objects.filter(pk=options["export"]).first()
            if export is None:
                raise CommandError(f"--export {options['export']}: no such export", returncode=MALFORMED)
            return from_data(export.document)
        challenge = Challenge.objects.filter(slug=options["challenge"]).first()
        if challenge is None:
            raise CommandError(
                f"--challenge {options['challenge']!r}: no challenge has this short name",
                returncode=MALFORMED,
            )
        versions = PlanVersion.objects.filter(challenge=challenge).order_by("-number")
        if options["plan_version"] is not None:
            versions = versions.filter(number=options["plan_version"])
        version = versions.select_related("challenge").first()
        if version is None:
            which = (
                f"version {options['version']}" if options["plan_version"] is not None else "no plan version"
            )
            raise CommandError(
                f"--challenge {options['challenge']!r}: {which} to render (generate the plan first)",
                returncode=MALFORMED,
            )
        return document_of(version)
