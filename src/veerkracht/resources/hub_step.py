"""Part e's step on the challenge page (the agenda's hub): needed, pledged and delivered per kind."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.resources.selectors import kind_totals, kinds_of


@hub.register("organiseren")
def organiseren_step(challenge: Any, user: Any) -> hub.StepInfo | None:
    if not user.has_perm("resources.view_challenge", challenge):
        return None
    kinds = kinds_of(kind_totals([challenge.pk]).get(challenge.pk, {}))
    if not kinds:
        summary = _("No needs yet.")
    elif not user.has_perm("resources.see_all_amounts", challenge):
        # no totals from which another partner's amount could be derived: the need and its coarse state
        covers = {"open": _("open"), "deels": _("partly covered"), "gedekt": _("covered")}
        summary = "; ".join(
            _("%(kind)s: %(needed)s %(unit)s needed, %(cover)s")
            % {
                "kind": k.label,
                "needed": number_format(k.needed, 0, force_grouping=True),
                "unit": k.unit,
                "cover": covers[k.cover],
            }
            for k in kinds
        )
    else:
        summary = "; ".join(
            _("%(kind)s: %(delivered)s of %(needed)s %(unit)s delivered")
            % {
                "kind": k.label,
                "delivered": number_format(k.delivered, 0, force_grouping=True),
                "needed": number_format(k.needed, 0, force_grouping=True),
                "unit": k.unit,
            }
            for k in kinds
        )
    return hub.StepInfo(url=reverse("resources:challenge", args=[challenge.slug]), summary=summary)
