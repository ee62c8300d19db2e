"""The seminar brief as one standalone HTML page, printable on one or two A4 pages.

The content is :func:`kb.formats.brief.build`; the jinja2 template escapes every text.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
>>> doc = DebateDoc(slug="d", title="<b>Tea</b>", parties=(PartyDoc("a", "Ann"),),
...     nodes=(NodeDoc("c", NodeKind.CLAIM, "Tea & cake."),), acceptance={"a": {"c": "accepted"}})
>>> page = dump(doc)
>>> "<h1>Seminar brief: &lt;b&gt;Tea&lt;/b&gt;</h1>" in page and "Tea &amp; cake." in page
True
"""

from __future__ import annotations

import jinja2

from kb.doc import DebateDoc
from kb.engine.decisive import plain
from kb.formats.brief import Brief, build

MEDIA_TYPE = "text/html"
EXTENSION = ".html"

BODY = """<h1>Seminar brief: {{ b.title }}</h1>
{% if b.question %}<h2>The question</h2><p>{{ b.question }}</p>{% endif %}
{% if b.central %}<h2>The central claim</h2>
<blockquote>{{ b.central_text }}</blockquote>{% endif %}
{% for side in b.sides %}
<section class="side"><h2>{{ side.name }}: it {{ side.words }} ({{ side.label }})</h2>
<p class="decisive">{% for s in side.decisive.sentences %}{{ plain(s) }} {% endfor %}</p>
{% if side.reasons %}<p>Strongest reasons:</p><ol>{% for r in side.reasons %}
<li>{{ r.role|capitalize }}: «{{ r.text }}»
{%- if r.cited %} <span class="cited">({{ r.cited }})</span>{% endif %}</li>
{%- endfor %}</ol>{% endif %}
</section>
{% endfor %}
{% if b.cruxes %}<h2>The cruxes</h2><ul>{% for c in b.cruxes %}
<li>On {% for key, text, stances in c.items %}«{{ text }}» (
{%- for n, s in stances %}{{ n }}: {{ s }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- if not loop.last %}; {% endif %}{% endfor %}: {{ c.settles|join(' ') }}</li>{% endfor %}
{% if b.more_cruxes %}<li>… and {{ b.more_cruxes }} more.</li>{% endif %}</ul>{% endif %}
{% if b.sources %}<h2>Sources</h2><ul>{% for key, text, url in b.sources %}
<li>{{ text }}{% if url and url.startswith(('http://', 'https://')) %}
<a href="{{ url }}">{{ url }}</a>{% endif %}</li>{% endfor %}</ul>{% endif %}
"""
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seminar brief: {{ b.title }}</title>
<style>
@page { size: A4; margin: 16mm; }
body { font: 10.5pt/1.4 Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin: .8rem 0 .3rem; }
blockquote { margin: .3rem 0; padding-left: .8rem; border-left: 3px solid #555; }
.cited { color: #444; } a { color: #0645ad; overflow-wrap: anywhere; }
</style></head>
<body><main>
""" + BODY + """</main></body></html>
"""
_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENV.globals["plain"] = plain
_PAGE = _ENV.from_string(PAGE)
_BODY = _ENV.from_string(BODY)


def body(brief: Brief) -> str:
    """The brief's content as an HTML fragment (the pages put it in their own layout)."""
    return _BODY.render(b=brief)


def render(brief: Brief) -> str:
    """The brief as a standalone HTML page."""
    return _PAGE.render(b=brief)


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """The brief of `doc` as HTML (`party` is accepted for the common signature)."""
    return render(build(doc))
