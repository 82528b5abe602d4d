"""Test helpers for code that uses DialStack (pytest fixtures, a webhook receiver)."""
