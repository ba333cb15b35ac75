"""What the operator announces: campaigns with one delivery per recipient, broadcasts,
policy drafts, policy-change notices and their status.

Imports `care.common`, `care.outbound`, `care.people`, `care.desk` and `storage`."""
