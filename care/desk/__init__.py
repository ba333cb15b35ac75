"""The conversation: the relay both ways (user → topic, agent → user), topics and their
user card, conversations, edits, albums, flood, reachability, agent tools, the care log
and what the bot itself says in a conversation.

Imports `care.common`, `care.outbound`, `care.people` and `storage`."""
