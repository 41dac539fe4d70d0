"""Fieldwork's commands (writes): waves, invitations, the survey, imports, priorities.

Views, tasks and other apps call these (never the views). One module per concern; this package
re-exports them so that callers write ``services.wave_transition``."""

from veerkracht.fieldwork.services.common import (  # noqa: F401
    CSV_COLUMNS,
    MAX_PRIORITIES,
    MAX_PROBLEMS_SHOWN,
    OPEN_TEXT_MAX,
    WAVE_FIELDS,
    FieldworkError,
    _real,
)
from veerkracht.fieldwork.services.imports import (  # noqa: F401
    responses_import,
)
from veerkracht.fieldwork.services.invitations import (  # noqa: F401
    InvitationRow,
    _group_codes,
    _send,
    invitation_remove,
    invitations_add,
    invitations_queue,
    invitations_send,
    invitations_unsent,
    link_for,
    parse_invitations_csv,
    reminders_send,
    validate_invitation,
)
from veerkracht.fieldwork.services.priorities import (  # noqa: F401
    priority_add,
    priority_remove,
)
from veerkracht.fieldwork.services.survey import (  # noqa: F401
    OPEN_LINK_SESSION,
    PageErrors,
    SurveyClosed,
    _lock_instrument,
    invitation_for_token,
    page_values,
    response_for_invitation,
    response_for_open_link,
    response_set_language,
    survey_save_page,
    survey_submit,
    wave_accepts,
)
from veerkracht.fieldwork.services.waves import (  # noqa: F401
    _check_wave,
    _move_challenge,
    default_instrument,
    wave_create,
    wave_headlines_store,
    wave_transition,
    wave_update,
    waves_close_expired,
)
