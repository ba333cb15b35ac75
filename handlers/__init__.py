"""aiogram routers: parse the update, call one domain function, render the answer."""

from aiogram import Router

from handlers import errors, fallback, general
from handlers.desk import agents, care
from handlers.notices import broadcasts, policy
from handlers.people import commands, membership, menu, onboarding
from handlers.rights import cards, my_requests, requests, stats

# In the order updates should meet them.
ORDER = (
    errors.routes,
    policy.routes,  # a draft's answers are not relayed
    stats.routes,
    broadcasts.routes,
    cards.prompts,  # an answer to a card's prompt is not relayed
    agents.routes,
    cards.routes,
    general.routes,  # after every admin router: a command unanswered
    membership.routes,
    commands.routes,
    onboarding.routes,
    # Before the menu and care: a dialog's answers are not relayed, and a menu button
    # pressed in the middle of one leaves it first.
    requests.routes,
    my_requests.routes,
    menu.routes,
    care.routes,
    fallback.routes,
)


def build_router() -> Router:
    """A fresh router tree each call (aiogram attaches a router to one dispatcher only)."""
    root = Router(name="qamqor")
    root.include_routers(*(routes.router() for routes in ORDER))
    return root
