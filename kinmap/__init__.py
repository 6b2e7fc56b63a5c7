"""Kinmap: case-practice software for children's social care. Supports Signs of Safety practice."""

__version__ = "0.1.0"
