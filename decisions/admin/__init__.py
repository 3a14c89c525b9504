"""The Django admin: one module per group of pages. Importing them registers the pages."""

from . import cases, reference, review  # noqa: F401
