"""Vanthu: incoming register, tracking and drafts for a Vietnamese administrative office."""

__version__ = "0.1.0"
