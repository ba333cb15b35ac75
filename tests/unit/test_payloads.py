"""Outbox payloads are typed: one model per kind, read back by the sender through it. Rows
queued by the code before the models (a deploy with rows in flight) still read, and a row that
no longer fits is refused by name instead of reading a renamed key as missing."""

import ast
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from care.desk.delivery import DeliverPayload
from care.desk.edits import EditPayload
from care.desk.inbound import CopyInPayload
from care.desk.topics import NoticePayload
from care.kinds import KINDS
from care.outbound.outbox import CallPayload, Kind, Payload, Unreadable, read_back
from care.people.mentions import Mentioned, MentionPayload
from care.rights.reports import ReportPayload, ReportTo

ROOT = Path(__file__).resolve().parents[2]
BOLD = {"type": "bold", "offset": 0, "length": 4}
MENTION = {
    "type": "text_mention",
    "offset": 5,
    "length": 3,
    "user": {"id": 500, "is_bot": False, "first_name": "Gulnara"},
}
KEYBOARD = {"inline_keyboard": [[{"text": "English", "callback_data": "lang:en"}]]}

# Payloads exactly as the code before the models recorded them (`record(..., **payload)`,
# `method_payload`, the dicts of care.notices.campaigns and care.people.mentions).
TODAY: list[tuple[Kind, dict[str, Any]]] = [
    (Kind.CALL, {"method": "SendMessage", "params": {"chat_id": 1001, "text": "Hi"}}),
    (
        Kind.CALL,
        {
            "method": "SendMessage",
            "params": {"chat_id": 1001, "text": "Choose", "reply_markup": KEYBOARD},
        },
    ),
    (Kind.CALL, {"method": "AnswerCallbackQuery", "params": {"callback_query_id": "q1"}}),
    (Kind.COPY_IN, {"pairs": [7], "messages": [41], "reply": None, "what": "text"}),
    (Kind.COPY_IN, {"pairs": [8], "messages": [42], "reply": 40, "what": "photo"}),
    (Kind.COPY_IN, {"group": "13911"}),
    (Kind.DELIVER, {"pairs": [9], "messages": [77], "chat": 1001, "reply": None}),
    (
        Kind.DELIVER,
        {
            "pairs": [9],
            "messages": [77],
            "chat": 1001,
            "reply": 41,
            "text": "Done\n\n— Gulnara",
            "entities": [BOLD, MENTION],
        },
    ),
    (
        Kind.DELIVER,
        {
            "pairs": [9],
            "messages": [77],
            "chat": 1001,
            "reply": None,
            "caption": "Scan\n\n— Gulnara",
            "caption_entities": None,
        },
    ),
    (Kind.DELIVER, {"group": "13912"}),
    (Kind.NOTICE, {"text": "The user came back"}),
    (Kind.NOTICE, {"text": "<a href='tg://user?id=500'>Gulnara</a>", "html": True}),
    (Kind.EDIT, {"pair": 7, "chat": -1001234567890, "text": "Fixed", "entities": [BOLD]}),
    (Kind.EDIT, {"pair": 9, "chat": 1001, "caption": "New caption", "entities": None}),
    (Kind.CARD, {"request": 3}),
    (Kind.CARD_REST, {"request": 3, "part": 2}),
    (Kind.ATTACH, {"ids": [1, 2]}),
    (Kind.REPORT, {"request": 3, "to": "topic"}),
    (Kind.REPORT, {"request": 3, "to": "user"}),
    (Kind.USER_CARD, {}),
    (Kind.DELIVERY, {"delivery": 11}),
    (Kind.PROGRESS, {"campaign": 2}),
    (
        Kind.MENTION,
        {
            "method": "SendMessage",
            "params": {"chat_id": -1001234567890, "text": "#3 · +7 701 *** ** 67"},
            "what": "find-answer",
            "people": [3, 7],
        },
    ),
    (Kind.RETRACT, {"chat_id": -1001234567890, "message_id": 91, "own": True}),
]


def test_every_kind_has_a_performer_whose_model_names_that_kind() -> None:
    assert set(KINDS) == set(Kind)
    for kind, performer in KINDS.items():
        assert issubclass(performer.payload, Payload)
        assert performer.payload.kind is kind


@pytest.mark.parametrize(("kind", "raw"), TODAY, ids=lambda v: getattr(v, "value", None))
def test_a_row_recorded_before_the_models_reads_back_and_keeps_its_shape(kind, raw) -> None:
    payload = read_back(KINDS[kind].payload, raw)
    # Recorded again it has the same keys and values; only keys that said "not set" are left
    # out (the code before read each of them with a default), and a default is spelt out.
    defaults = {"html": False} if kind is Kind.NOTICE else {}
    assert payload.stored() == defaults | {k: v for k, v in raw.items() if v is not None}
    assert read_back(type(payload), payload.stored()) == payload


def test_a_recorded_call_reads_back_as_its_method() -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="English", callback_data="lang:en")]]
    )
    method = SendMessage(chat_id=1001, text="Choose", reply_markup=keyboard)
    stored = CallPayload.of(method).stored()
    assert stored == TODAY[1][1]  # what the code before the models stored for it
    again = read_back(CallPayload, stored).to_method()
    assert isinstance(again, SendMessage) and again.reply_markup == keyboard
    answer = read_back(CallPayload, TODAY[2][1]).to_method()
    assert isinstance(answer, AnswerCallbackQuery) and answer.callback_query_id == "q1"


def test_rows_recorded_now_are_what_the_code_before_recorded() -> None:
    """So a replica still on the code before (or a rollback) reads them too."""
    copy = CopyInPayload(pairs=[7], messages=[41], reply=None, what="text")
    assert copy.stored() == {"pairs": [7], "messages": [41], "what": "text"}
    assert CopyInPayload(group="13911").stored() == {"group": "13911"}
    signed = DeliverPayload(
        pairs=[9], messages=[77], chat=1001, reply=41, text="Done", entities=[BOLD, MENTION]
    )
    assert signed.stored() == {
        "pairs": [9],
        "messages": [77],
        "chat": 1001,
        "reply": 41,
        "text": "Done",
        "entities": [BOLD, MENTION],
    }
    edit = EditPayload(pair=9, chat=1001, caption="New caption", entities=None)
    assert edit.stored() == {"pair": 9, "chat": 1001, "caption": "New caption"}
    assert ReportPayload(request=3, to=ReportTo.USER).stored() == {"request": 3, "to": "user"}
    mention = MentionPayload.of(
        SendMessage(chat_id=-1001234567890, text="#3 · +7 701 *** ** 67"),
        what=Mentioned.FIND_ANSWER,
        people=[3, 7],
    )
    assert mention.stored() == dict(TODAY)[Kind.MENTION]


SECRET = "my passport number is 0123"

REFUSED: list[tuple[Kind, Any, str]] = [
    (Kind.CARD, {"request_id": 3}, "request: missing"),  # a renamed key
    (Kind.CARD, {"request": 3, "colour": SECRET}, "colour: extra_forbidden"),
    (Kind.CARD_REST, {"request": 3, "part": SECRET}, "part: int_parsing"),
    (Kind.REPORT, {"request": 3, "to": SECRET}, "to: enum"),
    (Kind.NOTICE, {"txt": SECRET}, "text: missing"),
    (Kind.COPY_IN, {"what": "text", "reply": None}, "value_error"),  # neither message nor album
    (Kind.DELIVER, {"pairs": [1, 2], "messages": [SECRET]}, "messages.0: int_parsing"),
    (Kind.EDIT, {"pair": 7, "chat": 1, "entities": None}, "value_error"),  # no text or caption
    (Kind.CALL, {"method": "SendMessage", "params": {"chat_id": 1}}, "text: missing"),
    (Kind.CALL, {"method": "SendSecret", "params": {"text": SECRET}}, "value_error"),
    (Kind.MENTION, {"method": "SendMessage", "params": {"chat_id": 1, "text": SECRET}}, "what"),
    (Kind.RETRACT, None, "model_type"),
]


@pytest.mark.parametrize(("kind", "raw", "said"), REFUSED, ids=[k for k, _, _ in REFUSED])
def test_a_payload_that_no_longer_fits_is_refused_by_where_never_by_what(kind, raw, said):
    with pytest.raises(Unreadable) as refused:
        read_back(KINDS[kind].payload, raw)
    assert said in str(refused.value)
    assert SECRET not in str(refused.value) and "0123" not in str(refused.value)


def test_rows_are_recorded_only_through_their_models() -> None:
    """Nothing above storage adds an outbox row but `care.outbound.outbox.record`: no loose
    dict reaches the table."""
    adders = []
    for layer in ("care", "handlers", "bot", "sandbox"):
        for path in (ROOT / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr == "add"
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "outbox"
                ):
                    adders.append(str(path.relative_to(ROOT)))
    assert adders == ["care/outbound/outbox.py"]


def test_a_notice_is_built_typed() -> None:
    assert NoticePayload(text="x").stored() == {"text": "x", "html": False}
    with pytest.raises(ValueError, match="extra"):
        NoticePayload(text="x", htm=True)
