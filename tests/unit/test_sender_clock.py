"""The sender reads the wall clock itself: the moment a send fixes for the code it runs
(care.common.clock.update_moment) must not freeze the sender's own time through pauses and
retries."""

from datetime import UTC, datetime

from care.common.clock import update_moment
from care.outbound.sender import Sender


def test_the_sender_s_own_clock_is_not_the_frozen_moment_of_a_send() -> None:
    sender = Sender(context=None, performers={}, rate=None)  # the clock bot.app builds it with
    past = datetime(2020, 1, 1, tzinfo=UTC)
    with update_moment(past):
        assert sender.clock() > past
