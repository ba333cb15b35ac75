"""Rights under Law 94-V: the request lifecycle and its clock, intake from a dialog, the
card in the user's topic and its actions, data reports, erasure, corrections, chasing, the
daily digest, statistics, retention and the scrub of deleted data.

Imports every other package of `care` (it is the top one) and `storage`."""
