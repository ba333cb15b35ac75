"""The stand-in marks web and e-mail addresses as Telegram does, in a person's messages and the
bot's, so that the page (and the bot) see them as links."""

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from sandbox.telegram.detected import addresses
from sandbox.world import World
from tests.sandbox.page_api import bot, call, new_user


def marked(text: str, entities: list[dict]) -> list[tuple[str, str]]:
    """(type, the text it covers), offsets counted in UTF-16 units as Telegram counts them."""
    units = text.encode("utf-16-le")
    return [
        (e["type"], units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"))
        for e in entities
    ]


def test_addresses_end_where_the_sentence_goes_on() -> None:
    text = "🗓 See https://qamqor.kz/help?page=1, www.egov.kz. Or (write to help@qamqor.kz)!"
    assert marked(text, addresses(text)) == [
        ("url", "https://qamqor.kz/help?page=1"),
        ("url", "www.egov.kz"),
        ("email", "help@qamqor.kz"),
    ]
    for text in ("no address here: 3.5 kg, Q-2026-000123", "https:// alone", "a www. b"):
        assert addresses(text) == [], text


async def test_a_persons_message_carries_its_addresses(client: TestClient, world: World) -> None:
    user = await new_user(client)
    text = "/start from https://qamqor.kz/ref"
    sent = (await call(client, "send", chat_id=user, from_id=user, text=text))["message"]
    assert marked(text, sent["entities"]) == [
        ("bot_command", "/start"),
        ("url", "https://qamqor.kz/ref"),
    ]
    # An edit is marked anew: the command is gone, the new address is a link.
    body = {"chat_id": user, "from_id": user, "message_id": sent["message_id"]}
    edited = (await call(client, "edit", **body, text="see www.egov.kz"))["message"]
    assert marked(edited["text"], edited["entities"]) == [("url", "www.egov.kz")]
    form = FormData({"chat_id": str(user), "from_id": str(user), "caption": "a@b.kz"})
    form.add_field("file", b"%PDF", filename="a.pdf", content_type="application/pdf")
    response = await client.post("/api/upload", data=form)
    document = (await response.json())["message"]
    assert marked("a@b.kz", document["caption_entities"]) == [("email", "a@b.kz")]


async def test_the_bots_message_carries_its_addresses_beside_its_own_entities(
    world: World,
) -> None:
    plain = await bot(world, "sendMessage", chat_id=1, text="Policy: https://qamqor.kz/p")
    assert marked(plain["text"], plain["entities"]) == [("url", "https://qamqor.kz/p")]
    html = (
        "<b>Read https://a.kz</b> <a href='https://b.kz'>https://b.kz</a> <code>https://c.kz</code>"
    )
    sent = await bot(world, "sendMessage", chat_id=1, text=html, parse_mode="HTML")
    assert marked(sent["text"], sent["entities"]) == [
        ("bold", "Read https://a.kz"),
        ("url", "https://a.kz"),  # inside bold, still a link
        ("text_link", "https://b.kz"),  # a link already: not marked twice
        ("code", "https://c.kz"),  # code is no link
    ]
    bare = await bot(world, "sendMessage", chat_id=1, text="Nothing to mark.")
    assert "entities" not in bare
