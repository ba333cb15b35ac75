"""aiogram routers: parse the update, call one domain function, render the answer."""

from aiogram import Router

from care.common.texts import Catalog
from handlers import errors, fallback, general
from handlers.desk import agents, care
from handlers.notices import broadcasts, policy
from handlers.people import commands, membership, menu, onboarding
from handlers.rights import cards, my_requests, requests, stats


def build_router(catalog: Catalog, admin_chat_id: int) -> Router:
    """A fresh router tree each call, in the order updates should meet them."""
    root = Router(name="qamqor")
    root.include_routers(
        errors.build_router(),
        policy.build_router(admin_chat_id),  # a draft's answers are not relayed
        stats.build_router(admin_chat_id),
        broadcasts.build_router(admin_chat_id),
        cards.build_prompts(admin_chat_id),  # an answer to a card's prompt is not relayed
        agents.build_router(admin_chat_id),
        cards.build_router(admin_chat_id),
        general.build_router(admin_chat_id),  # after every admin router: a command unanswered
        membership.build_router(),
        commands.build_router(),
        onboarding.build_router(),
        # Before the menu and care: a dialog's answers are not relayed, and a menu button
        # pressed in the middle of one leaves it first.
        requests.build_router(catalog),
        my_requests.build_router(catalog),
        menu.build_router(catalog),
        care.build_router(catalog),
        fallback.build_router(),
    )
    return root
