"""The invitation state table (teams/workflow.py): answered once, nothing else."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from veerkracht.teams import workflow
from veerkracht.teams.workflow import Answer, MemberStatus

pytestmark = pytest.mark.django_db


def test_the_table_allows_exactly_one_answer_to_an_open_invitation() -> None:
    expected = {
        (MemberStatus.INVITED, Answer.ACCEPT): MemberStatus.ACCEPTED,
        (MemberStatus.INVITED, Answer.DECLINE): MemberStatus.DECLINED,
    }
    for state, answer in itertools.product(MemberStatus.values, [a.value for a in Answer]):
        if (state, answer) in expected:
            assert workflow.next_state(state, answer) == expected[(state, answer)]
        else:
            with pytest.raises(ValidationError) as caught:
                workflow.next_state(state, answer)
            assert caught.value.error_dict["status"][0].code == "answered"


def test_token_expiry_boundary() -> None:
    sent = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert not workflow.token_expired(sent, sent + workflow.TOKEN_VALID_FOR)
    assert workflow.token_expired(sent, sent + workflow.TOKEN_VALID_FOR + datetime.timedelta(seconds=1))
