"""The Fluent catalogues `kk/`, `ru/` and `en/`, shipped as package data
(see `care.common.texts`)."""
