"""Argmap's FastAPI app, web pages and CLI (imports ``kb``; ``kb`` never imports this)."""
