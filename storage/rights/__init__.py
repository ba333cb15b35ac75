"""Repositories of rights requests: records and history, what a report reads, the
statements behind erasure and retention, chasing, the digest and statistics."""
