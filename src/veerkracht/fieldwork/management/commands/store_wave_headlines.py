"""``veerkracht store_wave_headlines``: store the headline scores of reported waves that lack them.

Reporting a wave stores its headlines (other challenges' benchmarks read them). Waves reported before
that was done have none; this stores them, once. Idempotent: running it again stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from veerkracht.fieldwork.selectors import waves_without_headlines
from veerkracht.fieldwork.services import wave_headlines_store


class Command(BaseCommand):
    help = "Store the headline scores of reported waves that have none (once, after an upgrade)."

    def handle(self, *args: Any, **options: Any) -> None:
        waves = list(waves_without_headlines().values_list("pk", flat=True))
        for pk in waves:
            wave_headlines_store(wave_id=pk)
        self.stdout.write(f"headlines stored for {len(waves)} reported wave(s)")
