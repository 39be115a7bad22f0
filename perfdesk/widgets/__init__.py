"""Reusable Qt pieces that know nothing of departments or projects."""
