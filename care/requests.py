"""Rights requests under Law 94-V: their kinds, statuses and the one rule of how they move.

`new → in_progress ⇄ awaiting_user → resolved | refused | withdrawn`, and `expired` when the
user never answered. "Overdue" is derived from the due date, never stored.
"""

import enum


class RequestKind(enum.StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    BLOCKING = "blocking"
    WITHDRAWAL = "withdrawal"  # of consent
    OBJECTION = "objection"  # to automated processing
    COMPLAINT = "complaint"
    QUESTION = "question"


class Status(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_USER = "awaiting_user"
    RESOLVED = "resolved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Action(enum.StrEnum):
    TAKE = "take"  # an agent takes it
    ASK = "ask"  # an agent asks the user for more
    ANSWER = "answer"  # the user added what was asked
    RESOLVE = "resolve"
    REFUSE = "refuse"  # always with a reason the user sees
    WITHDRAW = "withdraw"  # the user changed their mind
    EXPIRE = "expire"  # the user never answered


OPEN = frozenset({Status.NEW, Status.IN_PROGRESS, Status.AWAITING_USER})

MOVES: dict[tuple[Status, Action], Status] = {
    (Status.NEW, Action.TAKE): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, Action.ASK): Status.AWAITING_USER,
    (Status.AWAITING_USER, Action.ANSWER): Status.IN_PROGRESS,
    (Status.AWAITING_USER, Action.EXPIRE): Status.EXPIRED,
    **{(status, Action.RESOLVE): Status.RESOLVED for status in OPEN},
    **{(status, Action.REFUSE): Status.REFUSED for status in OPEN},
    **{(status, Action.WITHDRAW): Status.WITHDRAWN for status in OPEN},
}


class IllegalTransition(Exception):
    """The request cannot move that way from where it is; nothing changes."""

    def __init__(self, status: Status, action: Action) -> None:
        super().__init__(f"{action} is not possible for a request that is {status}")
        self.status = status
        self.action = action


def transition(status: Status, action: Action) -> Status:
    """Where `action` takes a request that is `status`; IllegalTransition when it cannot."""
    try:
        return MOVES[(status, action)]
    except KeyError:
        raise IllegalTransition(status, action) from None


def is_open(status: Status) -> bool:
    return status in OPEN
