"""Repositories of campaigns and their deliveries."""
