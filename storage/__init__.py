"""Persistence: SQLAlchemy 2 models, the async engine, repositories, Alembic migrations.

Knows nothing of aiogram. Repository functions take an `AsyncSession` and never commit.
"""
