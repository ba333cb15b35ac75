"""The floor: a bare aiogram bot that copies every private message into the admin chat.

    BOT_TOKEN=... BOT_API_URL=... ADMIN_CHAT_ID=... python -m bench.echo_bot

It makes the same Bot API call per message as Qamqor's relay (copyMessage), with aiogram's own
polling and nothing else: no database, no topics, no care log.
"""

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main() -> None:
    admin = int(os.environ["ADMIN_CHAT_ID"])
    server = TelegramAPIServer.from_base(os.environ["BOT_API_URL"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=server))
    dispatcher = Dispatcher()

    @dispatcher.message(F.chat.type == "private")
    async def copy(message: Message) -> None:
        await bot.copy_message(admin, message.chat.id, message.message_id)

    await dispatcher.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
