"""The one Jinja2 environment of the pages (templates/ with the map's glyphs as globals).

Kept apart from the page routes so that sign-in and error pages can render templates
without importing every page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from api.pages.views import GLYPHS, MAX_DEPTH
from kb.engine.decisive import SILENT, STATUS_WORDS
from kb.formats.svg import SILENT_GLYPH

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(
    glyphs=GLYPHS, max_depth=MAX_DEPTH, silent_glyph=SILENT_GLYPH, silent=SILENT,
    status_words=STATUS_WORDS,
)
