"""An aiogram session that hands every request to the fake in-process, wire format intact."""

import json
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientResponseError

from sandbox.telegram.core import FakeTelegram
from sandbox.telegram.wire import decode_params


class FakeSession(BaseSession):
    def __init__(self, fake: FakeTelegram) -> None:
        super().__init__()
        self.fake = fake

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        fields: dict[str, Any] = {}
        files: dict[str, InputFile] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                fields[key] = prepared
        raw_files, names = {}, {}
        for key, input_file in files.items():
            chunks = [chunk async for chunk in input_file.read(bot)]
            raw_files[key] = b"".join(chunks)
            if input_file.filename:
                names[key] = input_file.filename
        status, body = await self.fake.handle(
            method.__api_method__, decode_params(fields), raw_files, names
        )
        response = self.check_response(bot, method, status, json.dumps(body))
        return response.result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A file getFile pointed at: `<server>/file/bot<token>/<file_path>`."""
        file_path = url.split(f"/file/bot{self.fake.token}/", 1)[1]
        try:
            content = self.fake.download(file_path)
        except KeyError:
            raise ClientResponseError(None, (), status=404, message="Not Found") from None
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    async def close(self) -> None:
        pass
