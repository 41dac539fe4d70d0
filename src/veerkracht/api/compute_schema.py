"""The bodies of the compute endpoints, described for the OpenAPI document.

The endpoints validate their input with the same pure parsers as the ``form_team`` and
``score_responses`` commands (so that both answer the same); these serializers describe those
documents field by field and are not used to validate.
"""

from __future__ import annotations

from rest_framework import serializers

from veerkracht.api.models import JobStatus
from veerkracht.teams.formation.problem import MAX_COUNT, MAX_LEVEL, MIN_LEVEL

# --- team formation ------------------------------------------------------------------------------


class RequiredSkill(serializers.Serializer):
    skill = serializers.CharField(help_text="Skill code; each skill at most once.")
    min_level = serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL)
    count = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, help_text="Members needed with at least `min_level`."
    )


class Candidate(serializers.Serializer):
    id = serializers.CharField(help_text="Unique among the candidates.")
    organisation = serializers.CharField(allow_null=True, help_text="Organisation id; null for a resident.")
    hours_per_week = serializers.FloatField(min_value=0)
    can_lead = serializers.BooleanField()
    skills = serializers.DictField(
        child=serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL),
        help_text="Level (0-5) per skill code; skills not required are ignored.",
    )


class TeamFormationProblem(serializers.Serializer):
    team_size = serializers.IntegerField(min_value=1, max_value=MAX_COUNT)
    required_skills = RequiredSkill(many=True)
    max_share_per_organisation = serializers.FloatField(
        min_value=0, help_text="At most floor(share × team_size) members from one organisation."
    )
    min_organisations = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    min_residents = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    min_hours_per_week = serializers.FloatField(min_value=0)
    leader = serializers.CharField(allow_null=True, help_text="Candidate id of an appointed leader, or null.")
    include = serializers.ListField(child=serializers.CharField(), help_text="Candidate ids locked in.")
    exclude = serializers.ListField(child=serializers.CharField(), help_text="Candidate ids left out.")
    candidates = Candidate(many=True)


class SkillCover(serializers.Serializer):
    required = serializers.IntegerField()
    covered_by = serializers.ListField(child=serializers.CharField())


class TeamExplanation(serializers.Serializer):
    skills = serializers.DictField(child=SkillCover(), help_text="Per required skill.")
    organisations = serializers.DictField(
        child=serializers.IntegerField(), help_text="Members per organisation."
    )
    residents = serializers.IntegerField()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why no team exists (status infeasible)."
    )


class TeamFormationResult(serializers.Serializer):
    status = serializers.ChoiceField(["optimal", "feasible", "infeasible", "unknown"])
    members = serializers.ListField(child=serializers.CharField())
    leader = serializers.CharField(allow_null=True)
    objective = serializers.IntegerField(allow_null=True, help_text="The team's total fit.")
    explanation = TeamExplanation()


class TeamFormationJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(JobStatus.choices)
    time_limit = serializers.FloatField(help_text="Seconds the solver may search.")
    created = serializers.DateTimeField()
    started = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    result = TeamFormationResult(allow_null=True, help_text="The answer once the status is `done`.")
    error = serializers.CharField(allow_null=True, help_text="What went wrong when the status is `failed`.")


# --- monitor scoring -----------------------------------------------------------------------------


class ScaleLabel(serializers.Serializer):
    value = serializers.IntegerField()
    nl = serializers.CharField()
    en = serializers.CharField()


class Scale(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField(help_text="At most 101 answer options.")
    missing = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Codes meaning 'no answer'."
    )
    labels = ScaleLabel(many=True, required=False)


class Texts(serializers.Serializer):
    nl = serializers.CharField(required=False, help_text="Dutch.")
    en = serializers.CharField(required=False, help_text="English.")


class InstrumentItem(serializers.Serializer):
    code = serializers.CharField(help_text="Also the item's column in an answers file.")
    reverse = serializers.BooleanField(required=False, default=False)
    text = Texts(required=False)
    short_form = serializers.BooleanField(required=False, help_text="Part of the short questionnaire.")
    topic = serializers.CharField(required=False, help_text="Theme within the dimension (not scored).")


class InstrumentDimension(serializers.Serializer):
    code = serializers.CharField()
    name = Texts(required=False)
    items = InstrumentItem(many=True, help_text="At least two.")


class ModuleOption(serializers.Serializer):
    code = serializers.CharField()
    nl = serializers.CharField()
    en = serializers.CharField()


class FacetModule(serializers.Serializer):
    prompt = Texts(required=False)
    total = serializers.IntegerField(required=False, help_text="Points to divide over the options.")
    options = ModuleOption(many=True, required=False)


class BackgroundQuestion(serializers.Serializer):
    code = serializers.CharField()
    text = Texts()
    options = ModuleOption(many=True)


class OpenQuestion(serializers.Serializer):
    code = serializers.CharField()
    text = Texts()


class InstrumentModules(serializers.Serializer):
    facets = FacetModule(required=False, help_text="The facet allocation.")
    background = BackgroundQuestion(many=True, required=False)
    open = OpenQuestion(many=True, required=False)
    open_min_comments = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Open answers of a group are shown only from this many comments on.",
    )


class InstrumentDocument(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = Texts(required=False)
    scale = Scale()
    dimensions = InstrumentDimension(many=True)
    modules = InstrumentModules(
        required=False,
        help_text="Questionnaire modules that are not scored (the facet allocation, background "
        "questions, open questions); scoring ignores them.",
    )


class ResponseRecord(serializers.Serializer):
    respondent = serializers.CharField(help_text="Unique, not blank.")
    group = serializers.CharField(allow_null=True, required=False, help_text="Blank or absent: onbekend.")
    answers = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Item code → answer on the scale, a missing code, or null.",
    )


class ScoreRequest(serializers.Serializer):
    instrument = InstrumentDocument()
    responses = ResponseRecord(many=True)
    k = serializers.IntegerField(
        required=False, default=5, min_value=1, max_value=1_000_000, help_text="Anonymity threshold."
    )


def _interval(**kwargs: object) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, allow_null=True, **kwargs
    )


class InstrumentRef(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()


class RespondentCounts(serializers.Serializer):
    total = serializers.IntegerField()
    scored = serializers.IntegerField()
    straightlining = serializers.ListField(child=serializers.CharField())


class Pooled(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    ci95 = _interval()


class Balanced(serializers.Serializer):
    mean = serializers.FloatField()
    ci95 = _interval()
    groups = serializers.IntegerField()


class GroupScore(serializers.Serializer):
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField(help_text="Fewer than k: only n is given.")
    mean = serializers.FloatField(allow_null=True, required=False)
    sd = serializers.FloatField(allow_null=True, required=False)
    ci95 = _interval(required=False)


class BenchmarkPosition(serializers.Serializer):
    n = serializers.IntegerField()
    percentile = serializers.FloatField(allow_null=True)
    p25 = serializers.FloatField(allow_null=True)
    p50 = serializers.FloatField(allow_null=True)
    p75 = serializers.FloatField(allow_null=True)


class DimensionScore(serializers.Serializer):
    n = serializers.IntegerField()
    pooled = Pooled()
    balanced = Balanced(allow_null=True)
    headline = serializers.FloatField(allow_null=True)
    headline_basis = serializers.ChoiceField(["balanced", "pooled"], allow_null=True)
    score_0_100 = serializers.FloatField(allow_null=True)
    alpha = serializers.FloatField(allow_null=True)
    alpha_ci95 = _interval()
    alpha_n = serializers.IntegerField(allow_null=True)
    rwg_j = serializers.FloatField(allow_null=True)
    rwg_j_lindell = serializers.FloatField(allow_null=True)
    ad_m = serializers.FloatField(allow_null=True)
    icc1 = serializers.FloatField(allow_null=True)
    icc2 = serializers.FloatField(allow_null=True)
    label = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    groups = serializers.DictField(child=GroupScore(), help_text="Per stakeholder group.")
    benchmark = BenchmarkPosition(allow_null=True)


class GroupGap(serializers.Serializer):
    dimension = serializers.CharField()
    groups = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)
    diff = serializers.FloatField()
    welch_t = serializers.FloatField(allow_null=True)
    welch_p = serializers.FloatField(allow_null=True)
    cohen_d = serializers.FloatField(allow_null=True)
    flag = serializers.CharField(allow_null=True)


class ScoreDocument(serializers.Serializer):
    instrument = InstrumentRef()
    k = serializers.IntegerField()
    respondents = RespondentCounts()
    dimensions = serializers.DictField(child=DimensionScore(), help_text="Per dimension code.")
    gaps = GroupGap(many=True)
    index = serializers.FloatField(allow_null=True)
