"""A challenge's governance page, its objectives (propose, edit, confirm, new version), measurements
(entry, import, from the monitor) and each indicator's chart."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import require
from veerkracht.governance import charts, status
from veerkracht.governance.forms import (
    GoalForm,
    IndicatorFormSet,
    MeasurementForm,
    MeasurementImportForm,
    ObjectiveForm,
    indicator_initial,
)
from veerkracht.governance.models import (
    Indicator,
    IndicatorSource,
    Mandate,
    MandateState,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.selectors import decision_history
from veerkracht.governance.services import objectives as services
from veerkracht.governance.services.decisions import municipality_of
from veerkracht.governance.wording import number, status_label, status_sentence


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.select_related("agenda", "lead_municipality"), slug=slug)
    require(request, "governance.view_challenge", challenge, hide=True)
    return challenge


def _objective(request: HttpRequest, pk: int) -> Objective:
    objective = get_object_or_404(
        Objective.objects.select_related("challenge__agenda", "challenge__lead_municipality"),
        pk=pk,
        challenge__isnull=False,
    )
    require(request, "governance.view_challenge", objective.challenge, hide=True)
    return objective


def mandate_url(slug: str) -> str:
    return reverse("governance:mandate", args=[slug])


def challenge_page(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    user = request.user
    rows = services.current_objectives(challenge)
    mandate = (
        Mandate.objects.filter(challenge=challenge, state=MandateState.GEGEVEN)
        .select_related("holder")
        .first()
    )
    municipality = municipality_of(challenge)
    can = {
        "propose": user.has_perm("governance.propose_objective", challenge),
        "board": user.has_perm("governance.confirm_as_board", challenge),
        "regisseur": user.has_perm("governance.confirm_as_regisseur", challenge),
        "goal": user.has_perm("governance.create_goal", challenge.agenda),
    }
    for row in rows:
        row.can_measure = user.has_perm("governance.enter_measurement", row.objective)
    has_monitor = any(i.indicator.source == IndicatorSource.MONITOR for r in rows for i in r.indicators)
    return render(
        request,
        "governance/challenge.html",
        {
            "challenge": challenge,
            "rows": rows,
            "mandate": mandate,
            "mandate_url": mandate_url(challenge.slug),
            "decision_history": decision_history(challenge, user, limit=50),
            "log_url": reverse("governance:decision_log", args=[municipality.slug]) if municipality else "",
            "may_decide": user.has_perm("governance.record_decision", challenge),
            "can": can,
            "has_monitor": has_monitor,
        },
    )


def _objective_form_page(
    request: HttpRequest,
    challenge: Challenge,
    *,
    template_title: str,
    save: Any,
    initial: dict[str, Any] | None = None,
    indicators: list[dict[str, Any]] | None = None,
    lock_code: bool = False,
    objective: Objective | None = None,
) -> HttpResponse:
    if request.method == "POST":
        form = ObjectiveForm(request.POST, challenge=challenge, lock_code=lock_code, initial=initial)
        formset = IndicatorFormSet(request.POST, prefix="ind")
        if form.is_valid() and formset.is_valid():
            try:
                saved = save(form.cleaned_data, formset.indicators())  # type: ignore[attr-defined]
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect(
                    f"{reverse('governance:challenge', args=[challenge.slug])}#objective-{saved.pk}"
                )
    else:
        form = ObjectiveForm(challenge=challenge, lock_code=lock_code, initial=initial)
        formset = IndicatorFormSet(prefix="ind", initial=indicators)
    return render(
        request,
        "governance/objective_form.html",
        {
            "challenge": challenge,
            "form": form,
            "formset": formset,
            "title": template_title,
            "objective": objective,
            "formset_errors": bool(formset.total_error_count()),
        },
    )


@login_required
def objective_create(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    require(request, "governance.propose_objective", challenge)
    return _objective_form_page(
        request,
        challenge,
        template_title=_("Propose an objective"),
        save=lambda data, indicators: services.propose_objective(
            challenge=challenge, by=request.user, data=data, indicators=indicators
        ),
    )


def _objective_initial(objective: Objective) -> dict[str, Any]:
    return {
        "code": objective.code,
        "name": objective.name,
        "description": objective.description,
        "contributes_to": objective.contributes_to_id,
    }


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    require(request, "governance.propose_objective", objective)
    if objective.state not in services.EDITABLE:
        raise PermissionDenied(_("An agreed objective is never edited; propose a new version."))
    return _objective_form_page(
        request,
        objective.challenge,  # type: ignore[arg-type]
        template_title=_("Edit the objective"),
        initial=_objective_initial(objective),
        indicators=indicator_initial(objective),
        lock_code=True,
        objective=objective,
        save=lambda data, indicators: services.update_objective(
            objective=objective, by=request.user, data=data, indicators=indicators
        ),
    )


@login_required
def objective_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    require(request, "governance.propose_objective", objective)
    pending = Objective.objects.filter(supersedes=objective).first()
    if pending is not None:
        return redirect("governance:objective_edit", pending.pk)
    if objective.state != ObjectiveState.OVEREENGEKOMEN:
        return redirect("governance:objective_edit", objective.pk)
    return _objective_form_page(
        request,
        objective.challenge,  # type: ignore[arg-type]
        template_title=_("Propose a new version of the objective"),
        initial=_objective_initial(objective),
        indicators=indicator_initial(objective),
        lock_code=True,
        objective=objective,
        save=lambda data, indicators: services.propose_new_version(
            objective=objective, by=request.user, data=data, indicators=indicators
        ),
    )


@login_required
@require_POST
def objective_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    party = request.POST.get("as", "")
    if party not in (services.BOARD, services.REGISSEUR):
        raise Http404
    perm = "governance.confirm_as_board" if party == services.BOARD else "governance.confirm_as_regisseur"
    require(request, perm, objective)
    try:
        confirmed = services.confirm_objective(objective=objective, by=request.user, as_party=party)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if confirmed.state == ObjectiveState.OVEREENGEKOMEN:
            messages.success(
                request,
                _("Both parties confirmed: the objective is agreed and recorded in the decision log."),
            )
        else:
            messages.success(
                request, _("Confirmed. The objective is agreed once the other party confirms too.")
            )
    slug = objective.challenge.slug  # type: ignore[union-attr]
    return redirect(f"{reverse('governance:challenge', args=[slug])}#objective-{objective.pk}")


@login_required
def measurements(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter one measurement, or import a file of them, for an objective's indicators."""
    objective = _objective(request, pk)
    require(request, "governance.enter_measurement", objective)
    if objective.state == ObjectiveState.VERVANGEN:
        raise PermissionDenied
    form = MeasurementForm(objective=objective)
    upload = MeasurementImportForm()
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "import":
        upload = MeasurementImportForm(request.POST, request.FILES)
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                created = services.import_measurements(
                    objective=objective, by=request.user, name=file.name, content=file.read()
                )
            except services.MeasurementError as error:
                problems = [str(p) for p in error.problems]
                upload.add_error(
                    "file", _("Nothing was imported: correct the rows below and upload the file again.")
                )
            except ValidationError as error:
                upload.add_error("file", error)
            else:
                messages.success(request, _("%(n)s measurements imported.") % {"n": len(created)})
                return redirect("governance:measurements", objective.pk)
    elif request.method == "POST":
        form = MeasurementForm(request.POST, objective=objective)
        if form.is_valid():
            entered = dict(form.cleaned_data)
            try:
                services.record_measurements(objective, [entered], by=request.user)
            except services.MeasurementError as error:
                for problem in error.problems:
                    form.add_error(problem.column if problem.column in form.fields else None, problem.message)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Measurement saved."))
                return redirect("governance:measurements", objective.pk)
    objective_rows = services.current_objectives(objective.challenge)
    row = next((r for r in objective_rows if r.objective.pk == objective.pk), None)
    return render(
        request,
        "governance/measurement_form.html",
        {
            "objective": objective,
            "challenge": objective.challenge,
            "form": form,
            "upload": upload,
            "problems": problems,
            "row": row,
        },
    )


@login_required
@require_POST
def monitor_sync(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    require(request, "governance.propose_objective", challenge)
    count = services.sync_monitor_measurements(challenge)
    messages.success(request, _("%(n)s measurements taken from the monitor.") % {"n": count})
    return redirect("governance:challenge", challenge.slug)


def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "objective__challenge__agenda", "objective__challenge__lead_municipality"
        ),
        pk=pk,
        objective__challenge__isnull=False,
    )
    challenge = indicator.objective.challenge
    require(request, "governance.view_challenge", challenge, hide=True)
    objective = status.with_measurements(Objective.objects.filter(pk=indicator.objective_id)).get()
    result = status.evaluate([objective]).get(objective.pk)
    stored = next(i for i in objective.indicators.all() if i.pk == indicator.pk)
    ind_result = next((r for r in result.indicators if r.code == stored.code), None) if result else None
    svg = charts.render(chart_input(stored, ind_result), fmt=lambda v: number(v, 1))
    return render(
        request,
        "governance/indicator.html",
        {
            "indicator": stored,
            "objective": objective,
            "challenge": challenge,
            "result": ind_result,
            "sentence": status_sentence(ind_result, stored) if ind_result else "",
            "label": status_label(ind_result.status) if ind_result else "",
            "svg": svg,
            "table": chart_table(stored, ind_result),
        },
    )


def chart_input(indicator: Indicator, result: Any) -> charts.ChartInput:
    origin = indicator.baseline_date
    t1 = (indicator.target_date - origin).days
    points = [((m.date - origin).days, float(m.value)) for m in indicator.measurements.all()]
    trend = None
    forecast_day = None
    if result is not None and result.trend is not None:
        trend = (result.trend.slope_per_year / 365.25, result.trend.intercept)
        if result.forecast_date is not None:
            forecast_day = (result.forecast_date - origin).days
    ticks = [(0, formats.date_format(origin, "M Y")), (t1, formats.date_format(indicator.target_date, "M Y"))]
    if forecast_day is not None and forecast_day not in (0, t1) and abs(forecast_day - t1) > t1 / 6:
        ticks.append((forecast_day, formats.date_format(result.forecast_date, "M Y")))
    unit = f" {indicator.unit}" if indicator.unit else ""
    return charts.ChartInput(
        title=_("%(code)s %(name)s: planned course, measurements and trend")
        % {"code": indicator.code, "name": indicator.name},
        description=status_sentence(result, indicator) if result is not None else _("No measurement yet."),
        baseline=float(indicator.baseline_value),
        target=float(indicator.target_value),
        t1=t1,
        tolerance=float(indicator.tolerance),
        measurements=points,
        trend=trend,
        forecast_day=forecast_day,
        x_ticks=ticks,
        point_labels=[
            f"{formats.date_format(m.date)}: {number(m.value, 6)}{unit}" for m in indicator.measurements.all()
        ],
        legend={"planned": _("Planned course"), "trend": _("Trend"), "target": _("Target")},
        ident=f"chart-{indicator.pk}",
    )


def chart_table(indicator: Indicator, result: Any) -> list[dict[str, Any]]:
    """The chart's data as rows: each measurement with the planned value on its date (the engine's
    planned course), and the deviation in points."""
    from veerkracht.governance.charts import ChartInput, planned

    base = ChartInput(
        title="",
        description="",
        baseline=float(indicator.baseline_value),
        target=float(indicator.target_value),
        t1=(indicator.target_date - indicator.baseline_date).days,
        tolerance=float(indicator.tolerance),
    )
    rows = []
    for m in indicator.measurements.all():
        plan = planned(base, (m.date - indicator.baseline_date).days)
        rows.append(
            {
                "date": m.date,
                "value": m.value,
                "planned": plan,
                "source": m.get_source_display(),
                "note": m.note,
            }
        )
    return rows


@login_required
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = get_object_or_404(Agenda, slug=slug)
    require(request, "governance.create_goal", agenda, hide=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_goal(agenda=agenda, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Municipal goal saved."))
            return redirect("governance:goal_create", agenda.slug)
    goals = Objective.objects.filter(agenda=agenda).exclude(state=ObjectiveState.VERVANGEN)
    return render(request, "governance/objective_goal.html", {"agenda": agenda, "form": form, "goals": goals})


urlpatterns: list[URLPattern] = [
    path("opgaven/<slug:slug>/", challenge_page, name="challenge"),
    path("opgaven/<slug:slug>/doelen/nieuw/", objective_create, name="objective_create"),
    path("opgaven/<slug:slug>/monitor/", monitor_sync, name="monitor_sync"),
    path("doelen/<int:pk>/bewerken/", objective_edit, name="objective_edit"),
    path("doelen/<int:pk>/nieuwe-versie/", objective_new_version, name="objective_new_version"),
    path("doelen/<int:pk>/bevestigen/", objective_confirm, name="objective_confirm"),
    path("doelen/<int:pk>/metingen/", measurements, name="measurements"),
    path("indicatoren/<int:pk>/", indicator_page, name="indicator"),
    path("agendas/<slug:slug>/doelen/", goal_create, name="goal_create"),
]
