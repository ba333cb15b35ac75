"""Every legal and illegal move of a request's status."""

import pytest

from care.rights.requests import OPEN, Action, IllegalTransition, Status, is_open, transition

LEGAL = {
    (Status.NEW, Action.TAKE): Status.IN_PROGRESS,
    (Status.NEW, Action.RESOLVE): Status.RESOLVED,
    (Status.NEW, Action.REFUSE): Status.REFUSED,
    (Status.NEW, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.IN_PROGRESS, Action.ASK): Status.AWAITING_USER,
    (Status.IN_PROGRESS, Action.RESOLVE): Status.RESOLVED,
    (Status.IN_PROGRESS, Action.REFUSE): Status.REFUSED,
    (Status.IN_PROGRESS, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.AWAITING_USER, Action.ANSWER): Status.IN_PROGRESS,
    (Status.AWAITING_USER, Action.RESOLVE): Status.RESOLVED,
    (Status.AWAITING_USER, Action.REFUSE): Status.REFUSED,
    (Status.AWAITING_USER, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.AWAITING_USER, Action.EXPIRE): Status.EXPIRED,
}


@pytest.mark.parametrize(("status", "action"), list(LEGAL))
def test_legal_moves(status: Status, action: Action) -> None:
    assert transition(status, action) is LEGAL[(status, action)]


ILLEGAL = [(s, a) for s in Status for a in Action if (s, a) not in LEGAL]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_other_move_is_refused(status: Status, action: Action) -> None:
    with pytest.raises(IllegalTransition) as refused:
        transition(status, action)
    assert (refused.value.status, refused.value.action) == (status, action)


def test_closed_requests_never_move_again() -> None:
    closed = [s for s in Status if s not in OPEN]
    assert closed == [Status.RESOLVED, Status.REFUSED, Status.WITHDRAWN, Status.EXPIRED]
    assert all((s, a) in ILLEGAL for s in closed for a in Action)
    assert [s for s in Status if is_open(s)] == [
        Status.NEW,
        Status.IN_PROGRESS,
        Status.AWAITING_USER,
    ]
