"""Every legal and illegal move of a request's status."""

import pytest

from care.rights.requests import Action, IllegalTransition, is_open, transition
from storage.vocabulary import OPEN_REQUEST_STATUSES, RequestStatus

LEGAL = {
    (RequestStatus.NEW, Action.TAKE): RequestStatus.IN_PROGRESS,
    (RequestStatus.NEW, Action.RESOLVE): RequestStatus.RESOLVED,
    (RequestStatus.NEW, Action.REFUSE): RequestStatus.REFUSED,
    (RequestStatus.NEW, Action.WITHDRAW): RequestStatus.WITHDRAWN,
    (RequestStatus.IN_PROGRESS, Action.ASK): RequestStatus.AWAITING_USER,
    (RequestStatus.IN_PROGRESS, Action.RESOLVE): RequestStatus.RESOLVED,
    (RequestStatus.IN_PROGRESS, Action.REFUSE): RequestStatus.REFUSED,
    (RequestStatus.IN_PROGRESS, Action.WITHDRAW): RequestStatus.WITHDRAWN,
    (RequestStatus.AWAITING_USER, Action.ANSWER): RequestStatus.IN_PROGRESS,
    (RequestStatus.AWAITING_USER, Action.RESOLVE): RequestStatus.RESOLVED,
    (RequestStatus.AWAITING_USER, Action.REFUSE): RequestStatus.REFUSED,
    (RequestStatus.AWAITING_USER, Action.WITHDRAW): RequestStatus.WITHDRAWN,
    (RequestStatus.AWAITING_USER, Action.EXPIRE): RequestStatus.EXPIRED,
}


@pytest.mark.parametrize(("status", "action"), list(LEGAL))
def test_legal_moves(status: RequestStatus, action: Action) -> None:
    assert transition(status, action) is LEGAL[(status, action)]


ILLEGAL = [(s, a) for s in RequestStatus for a in Action if (s, a) not in LEGAL]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_other_move_is_refused(status: RequestStatus, action: Action) -> None:
    with pytest.raises(IllegalTransition) as refused:
        transition(status, action)
    assert (refused.value.status, refused.value.action) == (status, action)


def test_closed_requests_never_move_again() -> None:
    closed = [s for s in RequestStatus if s not in OPEN_REQUEST_STATUSES]
    assert closed == [
        RequestStatus.RESOLVED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
        RequestStatus.EXPIRED,
    ]
    assert all((s, a) in ILLEGAL for s in closed for a in Action)
    assert [s for s in RequestStatus if is_open(s)] == [
        RequestStatus.NEW,
        RequestStatus.IN_PROGRESS,
        RequestStatus.AWAITING_USER,
    ]
