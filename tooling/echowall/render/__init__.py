"""Render: the model -> {site path: text or bytes}. Pure; MkDocs is only one consumer of it."""
from .pages import render_site

__all__ = ["render_site"]
