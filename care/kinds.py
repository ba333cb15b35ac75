"""Which performer sends each kind of outbox row."""

from aiogram.methods import TelegramMethod

from care import reachability
from care.broadcasts import SendDelivery, ShowProgress
from care.cards import Attach, Card, CardRest
from care.channel import Performer, Result, SendContext
from care.clock import utcnow
from care.delivery import Deliver
from care.edits import Edit
from care.faults import Fault
from care.inbound import CopyIn
from care.mentions import PostMention, Retract
from care.outbox import Kind, method_from
from care.reports import SendReport
from care.topics import Notice
from care.user_card import UserCard
from storage import users
from storage.models import OutboxEntry


class Call:
    """Performer of `Kind.CALL`: one recorded Bot API method, sent as it was decided."""

    async def send(self, context: SendContext, entry: OutboxEntry) -> Result:
        method: TelegramMethod = method_from(entry.payload)
        await context.bot(method)
        return None

    async def failed(self, context, session, entry, fault, exc) -> None:
        if fault is Fault.BLOCKED and entry.user_id is not None:
            user = await users.get_by_id(session, entry.user_id)
            if user is not None:
                reachability.mark_blocked(user, utcnow())


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
