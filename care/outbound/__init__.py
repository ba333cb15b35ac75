"""The one way out to Telegram: the outbox (what must be sent, recorded in the update's
transaction), the sender (claims rows lane by lane, paces, honours a 429), the fault
classifier and the write gate.

Imports `care.common` and `storage`. The performers of each kind of row, and the payload
model each reads its rows with, live with the capability that owns them; `care.kinds` hands
them to the sender."""
