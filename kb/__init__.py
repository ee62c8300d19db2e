"""Argmap's domain: models, store, engine and formats (never imports ``api``)."""
