"""The report of a wave: one context for the page and the PDF (same templates).

All numbers come from the monitor engine (``selectors.wave_scores`` → ``score_wave``); this module
only converts them to 0-100 for display (``ScaleSpec.to_0_100``), orders and labels them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Max
from django.utils import translation
from django.utils.translation import gettext as _

from veerkracht.fieldwork import charts, selectors
from veerkracht.fieldwork.models import (
    Invitation,
    ReportPriority,
    Response,
    ResponseStatus,
    Wave,
    in_language,
)
from veerkracht.fieldwork.structure import Structure, spec_of, structure_of
from veerkracht.monitor.scoring import DimensionResult, WaveResult, headline_change

INTERVENTIONS_FILE = Path(__file__).parent / "data" / "interventions.json"
DEFAULT_COLOUR = "#1d5b79"
WEAK_LABEL = "ontwikkelpunt"
NO_SHARED_VIEW = "geen gedeeld beeld"
LARGEST_GAPS = 6


@cache
def interventions() -> dict[str, list[dict[str, str]]]:
    return json.loads(INTERVENTIONS_FILE.read_text(encoding="utf-8"))["dimensions"]


def label_text(label: str) -> str:
    return {
        "sterkte": _("strength"),
        "aandachtspunt": _("point of attention"),
        "ontwikkelpunt": _("development area"),
        "onderdrukt": _("suppressed (fewer than k respondents)"),
    }.get(label, label)


def flag_text(flag: str) -> str:
    return {
        "indicatief": _("indicative (wide interval)"),
        "geen gedeeld beeld": _("no shared view"),
        "onvoldoende spreiding": _("too few groups for a balanced score"),
        "perspectiefverschil": _("difference in perspective"),
    }.get(flag, flag)


@dataclass
class DimRow:
    code: str
    name: str
    result: DimensionResult
    score: float | None  # 0-100
    low: float | None
    high: float | None
    label: str
    flags: list[str]
    bench: dict[str, Any] | None
    previous: float | None
    change: dict[str, Any] | None
    weak: bool


def _pct(scale: Any, value: float | None) -> float | None:
    return None if value is None else float(scale.to_0_100(value))


def build(wave: Wave, *, language: str | None = None) -> dict[str, Any]:
    """The report context of ``wave`` in ``language`` (default: the wave's report language)."""
    language = language or wave.report_language
    with translation.override(language):
        return _build(wave, language)


def _build(wave: Wave, language: str) -> dict[str, Any]:
    structure = structure_of(wave.instrument)
    spec = spec_of(wave.instrument)
    scale = spec.scale
    bench_data, bench_n, bench_basis = selectors.benchmark_for(wave)
    shown = bench_data if bench_n >= selectors.MIN_BENCHMARK else None
    result = selectors.wave_scores(wave, with_benchmark=False, benchmark=shown)
    previous_result: WaveResult | None = None
    if wave.previous_id and wave.previous is not None:
        previous_result = selectors.wave_scores(wave.previous, with_benchmark=False)
    challenge = wave.challenge
    municipality = challenge.lead_municipality
    colour = municipality.theme_colour or DEFAULT_COLOUR
    catalogue = interventions()

    dims: list[DimRow] = []
    for dim in result.dimensions:
        score = _pct(scale, dim.headline)
        low = high = None
        if dim.headline_ci95:
            low, high = _pct(scale, dim.headline_ci95[0]), _pct(scale, dim.headline_ci95[1])
        bench = None
        if dim.benchmark is not None:
            bench = {
                "n": dim.benchmark.n,
                "percentile": dim.benchmark.percentile,
                "p25": _pct(scale, dim.benchmark.p25),
                "p50": _pct(scale, dim.benchmark.p50),
                "p75": _pct(scale, dim.benchmark.p75),
            }
        prev_score = change = None
        if previous_result is not None:
            try:
                before = previous_result.dimension(dim.code)
            except StopIteration:
                before = None
            if before is not None:
                prev_score = _pct(scale, before.headline)
                first, second = before.estimate(), dim.estimate()
                if first is not None and second is not None:
                    delta = headline_change(first=first, second=second)
                    change = {
                        "diff": delta.diff / scale.span * 100,
                        "low": delta.ci95[0] / scale.span * 100 if delta.ci95 else None,
                        "high": delta.ci95[1] / scale.span * 100 if delta.ci95 else None,
                    }
        weak = dim.label == WEAK_LABEL or NO_SHARED_VIEW in dim.flags
        dims.append(
            DimRow(
                code=dim.code,
                name=structure.dimension_name(dim.code, language),
                result=dim,
                score=score,
                low=low,
                high=high,
                label=label_text(dim.label),
                flags=[flag_text(f) for f in dim.flags],
                bench=bench,
                previous=prev_score,
                change=change,
                weak=weak,
            )
        )

    groups = sorted({g.name for d in result.dimensions for g in d.groups})
    group_names = {g: structure.group_label(g, language) if g != "onbekend" else _("unknown") for g in groups}
    heat_cells: list[list[float | str | None]] = []
    for dim in result.dimensions:
        by_name = {g.name: g for g in dim.groups}
        row: list[float | str | None] = []
        for g in groups:
            cell = by_name.get(g)
            if cell is None:
                row.append(None)
            elif cell.suppressed or cell.mean is None:
                row.append(f"< {wave.k}" if cell.n < wave.k else _("hidden"))
            else:
                row.append(_pct(scale, cell.mean))
        heat_cells.append(row)

    gaps = sorted(result.gaps, key=lambda g: abs(g.diff), reverse=True)[:LARGEST_GAPS]
    gap_rows = [
        {
            "dimension": structure.dimension_name(g.dimension, language),
            "a": group_names.get(g.groups[0], g.groups[0]),
            "b": group_names.get(g.groups[1], g.groups[1]),
            "diff": g.diff / scale.span * 100,
            "p": g.welch_p,
            "d": g.cohen_d,
            "flag": flag_text(g.flag) if g.flag else "",
        }
        for g in gaps
    ]

    # response table: each answer once (selectors.response_lines), small groups suppressed
    response_rows = selectors.response_lines(wave, structure, language)
    total_invited = sum(r.invited or 0 for r in response_rows)
    radar_axes = [
        charts.Axis(
            label=d.code,
            score=d.score,
            band=(d.bench["p25"], d.bench["p75"]) if d.bench else None,
            previous=d.previous,
        )
        for d in dims
    ]
    facets = selectors.facets_of(wave, structure)
    facet_labels = [(c.value, c.label(language)) for _pk, c in structure.facets]
    comments = selectors.open_comments(wave, structure, structure.open_min_comments)
    open_questions = [
        {
            "text": q.text(language),
            "groups": [
                {"group": group_names.get(g, structure.group_label(g, language)), "texts": texts}
                for g, texts in comments.get(q.code, {}).items()
            ],
        }
        for q in structure.open_questions
    ]
    recommended = []
    for d in dims:
        if d.weak:
            recommended.append(
                {
                    "code": d.code,
                    "name": d.name,
                    "reason": d.label if d.result.label == WEAK_LABEL else flag_text(NO_SHARED_VIEW),
                    "options": [
                        {"key": o["key"], "text": in_language(o["nl"], o["en"], language)}
                        for o in catalogue.get(d.code, [])
                    ],
                }
            )
    texts = {o["key"]: in_language(o["nl"], o["en"], language) for opts in catalogue.values() for o in opts}
    priorities = [
        {
            "pk": p.pk,
            "text": texts.get(p.intervention, p.intervention),
            "dimension": structure.dimension_name(p.dimension_code, language),
            "owner": p.owner,
            "due_on": p.due_on,
        }
        for p in ReportPriority.objects.filter(wave=wave).order_by("due_on", "pk")
    ]
    k = wave.k
    return {
        "wave": wave,
        "challenge": challenge,
        "municipality": municipality,
        "colour": colour,
        "language": language,
        "structure": structure,
        "result": result,
        "scale": scale,
        "dims": dims,
        "index": _pct(scale, result.index),
        "responses": response_rows,
        "total_invited": total_invited,
        "total_completed": result.total,
        "straightlining": len(result.straightlining),
        "groups": [group_names[g] for g in groups],
        "heat": list(zip([d.name for d in dims], heat_cells, strict=True)),
        "gaps": gap_rows,
        "bench_n": bench_n,
        "bench_basis": bench_basis,
        "has_benchmark": any(d.bench for d in dims),
        "has_previous": previous_result is not None,
        "previous": wave.previous,
        "facets": facets,
        "facet_labels": facet_labels,
        "facet_groups": [
            {
                "group": group_names.get(g.name, structure.group_label(g.name, language)),
                "n": g.n if not g.suppressed and g.n >= wave.k else None,
                "suppressed": g.suppressed,
                "means": [g.means.get(code) if g.means else None for code, _l in facet_labels],
            }
            for g in (facets.groups if facets else ())
        ],
        "open_questions": open_questions,
        "open_min": structure.open_min_comments,
        "recommended": recommended,
        "priorities": priorities,
        "k": k,
        "chart_radar": charts.radar(radar_axes, title=_("Profile on 0–100"), colour=colour),
        "chart_bars": charts.bars(
            [charts.Bar(label=d.name, score=d.score, low=d.low, high=d.high, note=d.label) for d in dims],
            title=_("Headline scores with 95% intervals"),
            colour=colour,
        ),
        "chart_heat": charts.heatmap(
            [d.name for d in dims],
            [group_names[g] for g in groups],
            heat_cells,
            title=_("Scores per stakeholder group"),
        ),
    }


def data_key(wave: Wave, language: str) -> str:
    """Identifies what the PDF shows: answers, invitations, priorities, the challenge's title, the wave's
    number and dates, settings, language (re-render on change)."""

    def count_and_last(query: Any) -> list[str]:  # one query, not every id
        found = query.aggregate(n=Count("pk"), last=Max("pk"))
        return [str(found["n"]), str(found["last"] or 0)]

    parts = [
        str(wave.pk),
        language,
        wave.state,
        str(wave.k),
        *count_and_last(Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED)),
        *count_and_last(Invitation.objects.filter(wave=wave)),
        wave.challenge.title,
        str(wave.number),
        str(wave.starts_on),
        str(wave.ends_on),
        ";".join(
            f"{p.intervention}|{p.owner}|{p.due_on}"
            for p in ReportPriority.objects.filter(wave=wave).order_by("pk")
        ),
        wave.challenge.lead_municipality.name,
        wave.challenge.lead_municipality.theme_colour,
        str(selectors.benchmark_for(wave)[1]),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def structure_for(wave: Wave) -> Structure:
    return structure_of(wave.instrument)
