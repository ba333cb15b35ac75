"""Supervisors publish a new policy version from the admin chat, through the production
dispatcher: the dialog (texts as messages and as documents), its refusals, /cancel, the
confirmation and its hook; /policy status; the reminder on the effective date."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from care.common.texts import format_day
from care.notices import policy_drafts
from storage.models import PolicyVersion
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, TZ, DeskHarness

SUPERVISOR = Person(700, "Dana", "Supervisor", "dana", language_code="ru")
TODAY = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)  # first allowed effective date: 30 Nov
FIRST = date(2026, 11, 30)
TEXTS = {
    "kk": "Құпиялылық саясаты 2.0\nБіз деректерді Қазақстанда сақтаймыз.\nТолық мәтін.",
    "ru": "Политика конфиденциальности 2.0\nДанные хранятся в Казахстане.\nПолный текст.",
    "en": "Privacy policy 2.0\nYour data stays in Kazakhstan.\nThe full text.",
}
SUMMARIES = {
    "kk": "Сақтау мерзімі 1 жылға қысқарды.",
    "ru": "Срок хранения сокращён до 1 года.",
    "en": "The retention period is now 1 year.",
}


@pytest.fixture(params=["kk", "ru", "en"])
def desk(request, sessionmaker, catalog) -> DeskHarness:
    harness = DeskHarness(sessionmaker, catalog, default_locale=request.param)
    harness.clock.set(TODAY.astimezone(UTC))  # the dialog's day and the version in force
    harness.care.state.supervisors.seed(SUPERVISOR.id)
    return harness


class Admin:
    """The supervisor's side of the admin chat: say something, read what the bot answered."""

    def __init__(self, desk: DeskHarness, person: Person = SUPERVISOR) -> None:
        self.desk, self.person = desk, person
        self.t = desk.care.admin_t

    async def send(self, text: str | None = None, **content) -> list:
        before = len(self.desk.fake.sent_to(ADMIN_CHAT_ID))
        if text is not None:
            content["text"] = text
        self.desk.fake.agent_message(self.person, ADMIN_CHAT_ID, None, **content)
        await self.desk.run()
        return self.desk.fake.sent_to(ADMIN_CHAT_ID)[before:]

    async def says(self, text: str | None = None, **content) -> str:
        """The one answer to what the supervisor sent."""
        answers = await self.send(text, **content)
        assert len(answers) >= 1, "no answer"
        return "\n".join(a.text for a in answers)

    async def document(self, name: str, content: bytes) -> str:
        file = self.desk.fake.upload(f"file-{name}", content)
        return await self.says(document={**file, "file_name": name})

    async def press(self, message, label: str) -> None:
        for button in message.buttons():
            if label in button["text"]:
                self.desk.fake.press(self.person, message.result, button["callback_data"])
                await self.desk.run()
                return
        raise AssertionError(f"no button {label!r}")


def lang(t, locale: str) -> str:
    return t(f"policy-admin-lang-{locale}")


async def dialog_to_preview(admin: Admin, documents: bool = False, version: str = "2.0"):
    t = admin.t
    assert await admin.says("/policy") == t("policy-admin-ask-version", max=32)
    first = FIRST.isoformat()  # the date to type is shown as it is typed
    assert await admin.says(version) == t("policy-admin-ask-date", first=first, days=10)
    assert await admin.says("2026-12-01") == t("policy-admin-ask-text", language=lang(t, "kk"))
    for n, locale in enumerate(("kk", "ru", "en")):
        if documents:
            answer = await admin.document(f"{locale}.md", TEXTS[locale].encode())
        else:
            answer = await admin.says(TEXTS[locale])
        if n < 2:
            nxt = ("kk", "ru", "en")[n + 1]
            assert answer == t("policy-admin-ask-text", language=lang(t, nxt))
    assert answer == t("policy-admin-ask-summary", language=lang(t, "kk"))
    for locale in ("kk", "ru"):
        await admin.says(SUMMARIES[locale])
    preview = await admin.send(SUMMARIES["en"])
    return preview[-1]


@pytest.fixture
def published(monkeypatch) -> list:
    calls: list = []

    async def hook(session, desk, policy, created_by, now) -> None:
        calls.append(
            (policy.id, policy.version, created_by, now, sorted(t.locale for t in policy.texts))
        )

    monkeypatch.setattr(policy_drafts, "on_published", hook)
    return calls


async def stored(desk: DeskHarness, version: str) -> PolicyVersion | None:
    async with desk.sessionmaker() as session:
        query = select(PolicyVersion).where(PolicyVersion.version == version)
        return await session.scalar(query.options(selectinload(PolicyVersion.texts)))


@pytest.mark.parametrize("documents", [False, True], ids=["messages", "documents"])
async def test_a_supervisor_publishes_a_version(desk: DeskHarness, published, documents) -> None:
    admin, t = Admin(desk), desk.care.admin_t
    preview = await dialog_to_preview(admin, documents)
    assert preview.text.startswith(
        t("policy-admin-preview", version="2.0", date=format_day(date(2026, 12, 1), t.locale))
    )
    for locale in ("kk", "ru", "en"):
        assert SUMMARIES[locale] in preview.text
        assert TEXTS[locale].splitlines()[0] in preview.text
    assert await stored(desk, "2.0") is None  # nothing stored before the confirmation

    await admin.press(preview, t("policy-admin-button-confirm"))
    answer = desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text
    assert answer == t(
        "policy-admin-published", version="2.0", date=format_day(date(2026, 12, 1), t.locale)
    )
    policy = await stored(desk, "2.0")
    assert policy.effective_date == date(2026, 12, 1)
    assert {x.locale: (x.summary, x.body) for x in policy.texts} == {
        loc: (SUMMARIES[loc], TEXTS[loc]) for loc in ("kk", "ru", "en")
    }
    assert published == [
        (policy.id, "2.0", SUPERVISOR.id, TODAY.astimezone(UTC), ["en", "kk", "ru"])
    ]
    assert desk.fake.calls_of("editMessageReplyMarkup")  # the buttons are gone
    # The dialog is over: a second press publishes nothing more, a message is not taken.
    await admin.press(preview, t("policy-admin-button-confirm"))
    assert len(published) == 1
    assert await admin.send("2.1") == []


async def test_too_early_a_date_is_refused_with_the_first_allowed(desk: DeskHarness) -> None:
    admin, t = Admin(desk), desk.care.admin_t
    await admin.says("/policy")
    await admin.says("2.0")
    early = await admin.says("2026-11-29")
    assert early == t("policy-admin-date-early", first="2026-11-30", days=10)
    assert "2026-11-30" in early
    assert await admin.says("1 December") == t("policy-admin-date-format", first="2026-11-30")
    assert await admin.says("2026-02-30") == t("policy-admin-date-format", first="2026-11-30")
    # The first allowed date itself is fine.
    assert await admin.says("2026-11-30") == t("policy-admin-ask-text", language=lang(t, "kk"))


async def test_a_duplicate_or_bad_version_name_is_refused(desk: DeskHarness) -> None:
    admin, t = Admin(desk), desk.care.admin_t
    await admin.says("/policy")
    assert await admin.says("1.0") == t("policy-admin-version-taken", version="1.0")  # the seed
    assert await admin.says("x" * 33) == t("policy-admin-version-long", max=32)
    assert await admin.says("2.0") == t("policy-admin-ask-date", first="2026-11-30", days=10)


async def test_bad_texts_and_files_are_refused_and_change_nothing(desk: DeskHarness) -> None:
    admin, t = Admin(desk), desk.care.admin_t
    for answer in ("/policy", "2.0", "2026-12-01"):
        await admin.says(answer)
    assert await admin.document("policy.pdf", b"%PDF") == t("policy-admin-file-type")
    assert await admin.document("kk.txt", "текст".encode("cp1251")) == t(
        "policy-admin-file-not-text"
    )
    assert await admin.document("kk.txt", b"x" * (65 * 1024)) == t("policy-admin-file-big", max=64)
    assert await admin.document("kk.txt", b"  \n ") == t("policy-admin-text-empty")
    assert await admin.says(
        photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    ) == t("policy-admin-text-empty")
    # Still waiting for the Kazakh text.
    ask_ru = t("policy-admin-ask-text", language=lang(t, "ru"))
    assert await admin.says(TEXTS["kk"]) == ask_ru
    # The .pdf and the oversized file were refused before any download.
    assert len(desk.fake.calls_of("getFile")) == 2


async def test_cancel_at_any_step_stores_nothing(desk: DeskHarness, published) -> None:
    admin, t = Admin(desk), desk.care.admin_t
    for answer in ("/policy", "2.0", "2026-12-01", TEXTS["kk"]):
        await admin.says(answer)
    assert await admin.says("/cancel") == t("policy-admin-cancelled")
    assert await admin.send(TEXTS["ru"]) == []  # no longer taken as the Russian text
    # Cancel from the preview's button, too.
    preview = await dialog_to_preview(admin)
    await admin.press(preview, t("policy-admin-button-cancel"))
    assert desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text == t("policy-admin-cancelled")
    assert await stored(desk, "2.0") is None and published == []


async def test_a_press_on_someone_elses_preview_finds_no_draft(desk: DeskHarness, published):
    """A draft is its author's state: anyone else's press is checked against their own (none)
    before whether they are a supervisor; the author's preview still works."""
    t, admin = desk.care.admin_t, Admin(desk)
    preview = await dialog_to_preview(admin)
    await Admin(desk, AGENT).press(preview, t("policy-admin-button-confirm"))
    alert = desk.fake.calls_of("answerCallbackQuery")[-1]
    assert alert.params["text"] == t("policy-admin-expired")
    assert await stored(desk, "2.0") is None
    await admin.press(preview, t("policy-admin-button-confirm"))
    assert (await stored(desk, "2.0")) is not None and len(published) == 1


async def test_only_supervisors_may_publish(desk: DeskHarness, published) -> None:
    t = desk.care.admin_t
    agent = Admin(desk, AGENT)
    assert await agent.says("/policy") == t("policy-admin-not-supervisor")
    assert await agent.says("/policy status") == t("policy-admin-not-supervisor")
    assert await agent.send("2.0") == []  # no dialog was opened
    # A supervisor demoted while the preview waits cannot confirm it.
    admin = Admin(desk)
    preview = await dialog_to_preview(admin)
    desk.care.state.supervisors.seed()  # unknown: nobody may
    assert await admin.says("/policy") == t("policy-admin-not-supervisor")
    await admin.press(preview, t("policy-admin-button-confirm"))
    alert = desk.fake.calls_of("answerCallbackQuery")[-1]
    assert alert.params["text"] == t("policy-admin-not-supervisor")
    assert await stored(desk, "2.0") is None and published == []
