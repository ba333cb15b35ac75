"""Repositories of people: users, consents, phone conflicts, policy versions, mentions."""
