"""Which performer sends each kind of outbox row (and so which model reads its payload)."""

from datetime import datetime

from care.desk import reachability
from care.desk.delivery import Deliver
from care.desk.edits import Edit
from care.desk.inbound import CopyIn
from care.desk.topics import Notice
from care.desk.user_card import UserCard
from care.notices.broadcasts import SendDelivery, ShowProgress
from care.outbound.channel import Performer, Result, SendContext
from care.outbound.faults import Fault
from care.outbound.outbox import CallPayload, Kind
from care.people.mentions import PostMention, Retract
from care.rights.cards import Attach, Card, CardRest
from care.rights.reports import SendReport
from storage.models import OutboxEntry
from storage.people import users


class Call:
    """Performer of `Kind.CALL`: one recorded Bot API method, sent as it was decided."""

    payload = CallPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: CallPayload, now: datetime
    ) -> Result:
        await context.bot(payload.to_method())
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        if fault is Fault.BLOCKED and entry.user_id is not None:
            user = await users.get_by_id(session, entry.user_id)
            if user is not None:
                reachability.mark_blocked(user, now)


KINDS: dict[Kind, Performer] = {
    Kind.CALL: Call(),
    Kind.COPY_IN: CopyIn(),
    Kind.DELIVER: Deliver(),
    Kind.NOTICE: Notice(),
    Kind.EDIT: Edit(),
    Kind.CARD: Card(),
    Kind.CARD_REST: CardRest(),
    Kind.ATTACH: Attach(),
    Kind.REPORT: SendReport(),
    Kind.USER_CARD: UserCard(),
    Kind.DELIVERY: SendDelivery(),
    Kind.PROGRESS: ShowProgress(),
    Kind.MENTION: PostMention(),
    Kind.RETRACT: Retract(),
}
