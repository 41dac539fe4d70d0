from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.core.demo import DEMO_PASSWORD, load_all
from veerkracht.core.mail import delivery_held
from veerkracht.core.models import EmailStatus, OutgoingEmail


class Command(BaseCommand):
    help = "Load (or refresh) the demo data: Gemeente Veerdam, its region and partners. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's invitations and reminders stay in the outbox: nothing is sent or printed.
        with delivery_held():
            ctx = load_all()
        log(Event.DEMO_LOADED, details={"accounts": len(ctx.accounts)})
        held = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).count()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if held:
            self.stdout.write(
                f"{held} demo e-mails are kept in the outbox, unsent (admin site: Outgoing e-mails)."
            )
        if options["quiet_accounts"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(a.role) for a in ctx.accounts) if ctx.accounts else 10
        for account in ctx.accounts:
            note = f"  — {account.note}" if account.note else ""
            self.stdout.write(f"  {account.role.ljust(width)}  {account.email}  ({account.name}){note}")
        if ctx.links:
            self.stdout.write("")
            self.stdout.write("Try also (no log-in needed):")
            base = settings.SITE_URL.rstrip("/")
            for what, path in ctx.links:
                self.stdout.write(f"  {what}: {base}{path}")
        if ctx.notes:
            self.stdout.write("")
            for line in ctx.notes:
                self.stdout.write(line)
