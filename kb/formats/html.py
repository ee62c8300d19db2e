"""HTML debate summary: one standalone, accessible page (no external assets).

The content is :mod:`kb.formats.summary`, rendered by a jinja2 template with autoescaping
on, so every text from the debate is escaped. Labels are written out in words (colour is
only a second cue), tables have captions and header scopes, and the page has one ``h1``,
a ``main`` landmark and ``lang``.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
>>> doc = DebateDoc(slug="d", title="<b>Tea</b>", parties=(PartyDoc(key="a", name="Ann"),),
...     nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM,
...                    text="Tea & cake."),), acceptance={"a": {"c": "accepted"}})
>>> page = dump(doc)
>>> "<h1>&lt;b&gt;Tea&lt;/b&gt;</h1>" in page and "Tea &amp; cake." in page
True
"""

from __future__ import annotations

from collections.abc import Mapping

import jinja2

from kb.doc import DebateDoc
from kb.documents import Quotations
from kb.formats.summary import Summary, build

QUOTES_PASSAGES = True
"""``dump`` takes ``passages=``: cited passages become footnoted quotations."""
MEDIA_TYPE = "text/html"
EXTENSION = ".html"

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ s.title }} · debate summary</title>
<style>
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
       margin: 0 auto; max-width: 46rem; padding: 1.5rem; }
h1, h2, h3, h4 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
blockquote { font-size: 1.15rem; margin: 1rem 0; padding-left: 1rem; border-left: 4px solid #555; }
table { border-collapse: collapse; margin: .5rem 0; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.label { font-family: Helvetica, Arial, sans-serif; font-weight: bold; padding: 0 .3rem;
         border-radius: 3px; white-space: nowrap; }
.IN { background: #d9f2d9; color: #0b4d0b; } .OUT { background: #f7d4d4; color: #6b0d0d; }
.UNDEC { background: #fff2c2; color: #5c4500; }
.why { font-size: .95rem; } .muted { color: #444; }
a { color: #0645ad; } a:focus { outline: 2px solid #0645ad; }
</style>
</head>
<body>
<main>
<h1>{{ s.title }}</h1>
{% if s.summary %}<p>{{ s.summary }}</p>{% endif %}
<p class="muted">{{ s.size }}</p>
{% macro sep(loop, text) %}{% if not loop.last %}{{ text }}{% endif %}{% endmacro %}
{% macro label(st) %}<span class="label {{ st.label }}">{{ st.label }}</span> {{ st.words }}
<span class="muted">(strength {{ '%.2f' % st.strength }})</span>{% endmacro %}
{% macro inline(e) %}{% for st in order(e) %}{{ st.name }}: {{ label(st) }}{{ sep(loop, "; ") }}
{% endfor %}{% endmacro %}
{% macro quotes(links) %}{% for t in links %}«{{ t.text }}»
{%- if t.citations %} ({{ t.citations|join("; ") }}){% endif %}{{ sep(loop, "; ") }}{% endfor %}
{%- endmacro %}
{% macro table(entry, caption) %}
<table>
<caption>{{ caption }}</caption>
<thead><tr><th scope="col">Party</th><th scope="col">Status</th></tr></thead>
<tbody>
{% for st in order(entry) %}<tr><th scope="row">{{ st.name }}</th><td>{{ label(st) }}</td></tr>
{% endfor %}</tbody>
</table>
{% endmacro %}
<nav aria-label="Contents">
<ul>
{% if s.question %}<li><a href="#question">The question</a></li>{% endif %}
<li><a href="#parties">The parties</a></li>
{% if s.parties|length > 1 %}<li><a href="#agree">Where they agree</a></li>
<li><a href="#diverge">Where they diverge, and on what evidence</a></li>{% endif %}
<li><a href="#claims">The claims, section by section</a>
<ul>{% for sec in s.sections %}<li><a href="#section-{{ loop.index }}">{{ sec.title }}</a></li>
{% endfor %}</ul></li>
{% if s.bibliography %}<li><a href="#bibliography">Bibliography</a></li>{% endif %}
</ul>
</nav>
{% if s.question %}
<section aria-labelledby="question">
<h2 id="question">The question</h2>
{% for e in s.question %}<blockquote><p>{{ e.text }}</p></blockquote>
{{ table(e, "Where each party stands on the central claim") }}
{% for key, lines in s.robustness if key == e.key %}<ul class="robustness">
{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>{% endfor %}{% endfor %}
</section>
{% endif %}
<section aria-labelledby="parties">
<h2 id="parties">The parties</h2>
<ul>
{% for p in s.parties %}<li><strong>{{ p.name }}</strong> (<code>{{ p.key }}</code>)
{%- if p.description %}: {{ p.description.strip().rstrip(".") }}{% endif %}.
Accepts {{ p.accepted }} and rejects {{ p.rejected }} of the debate's items.</li>
{% else %}<li>No parties are recorded for this debate.</li>
{% endfor %}</ul>
</section>
{% if s.parties|length > 1 %}
<section aria-labelledby="agree">
<h2 id="agree">Where they agree</h2>
{% if s.agreed_in %}<p>All parties hold that these claims stand:</p>
<ul>{% for e in s.agreed_in %}<li>{{ e.text }}</li>{% endfor %}</ul>{% endif %}
{% if s.agreed_out %}<p>No party's evidence makes these claims stand:</p>
<ul>{% for e in s.agreed_out %}<li>{{ e.text }}</li>{% endfor %}</ul>{% endif %}
{% if s.agreed_more %}<p>They agree on {{ s.agreed_more }} further claims (see the sections
below).</p>{% endif %}
{% if not (s.agreed_in or s.agreed_out or s.agreed_more) %}
<p>The parties agree on no claim.</p>
{% endif %}
</section>
<section aria-labelledby="diverge">
<h2 id="diverge">Where they diverge, and on what evidence</h2>
{% if not s.divergent %}<p>The parties label every claim alike.</p>{% endif %}
<ul>{% for e in s.divergent %}<li>{{ e.text }} — {{ inline(e) }}</li>
{% endfor %}
{% if s.divergent_more %}<li>… and {{ s.divergent_more }} more (see the sections below).</li>
{% endif %}</ul>
{% if s.cruxes %}<h3>Cruxes</h3>
<p>The smallest differences in what the parties accept that would settle each disagreement:</p>
{% for c in s.cruxes %}<h4>{{ c.claim.text }}</h4>
<ul>{% for way in c.ways %}<li>On {% for item in way.items %}the {{ item.kind }} «{{ item.text }}»
({% for name, stance in item.stances %}{{ name }} {{ stance }}{{ sep(loop, ", ") }}
{%- endfor %}){{ sep(loop, "; ") }}{% endfor %}:
<ul>{% for line in way.settlements %}<li>{{ line }}</li>{% endfor %}</ul></li>
{% endfor %}
{% if c.more_ways %}<li>… and {{ c.more_ways }} more
{{ "way" if c.more_ways == 1 else "ways" }} to settle it.</li>{% endif %}
</ul>
{% endfor %}{% endif %}
</section>
{% endif %}
<section aria-labelledby="claims">
<h2 id="claims">The claims, section by section</h2>
{% if not s.sections %}<p>This debate has no claims yet.</p>{% endif %}
{% for sec in s.sections %}
<h3 id="section-{{ loop.index }}">{{ sec.title }}
{%- if sec.span %} <span class="muted">({{ sec.span }})</span>{% endif %}</h3>
{% for e in sec.main %}<article>
<h4>{{ e.text }}</h4>
{{ table(e, "Status per party") }}
{% for st in order(e) if st.explanation %}
<p class="why"><strong>Why:</strong> {{ st.explanation|join(" ") }}</p>
{% endfor %}
{% if e.supported_by %}<p>Supported by: {{ quotes(e.supported_by) }}</p>{% endif %}
{% if e.rebutted_by %}<p>Rebutted by: {{ quotes(e.rebutted_by) }}</p>{% endif %}
{% if e.citations %}<p>Cited: {% for c in e.citations %}{{ c }}
{%- set n = quote(c) %}{% if n %}<sup><a href="#q{{ n }}">{{ n }}</a></sup>{% endif %}
{{- sep(loop, "; ") }}{% endfor %}</p>{% endif %}
</article>
{% endfor %}
{% if sec.others %}<p>Also in this section:</p>
<ul>{% for e in sec.others %}<li>{{ e.text }} — {{ inline(e) }}</li>
{% endfor %}</ul>{% endif %}
{% endfor %}
</section>
{% if s.bibliography %}
<section aria-labelledby="bibliography">
<h2 id="bibliography">Bibliography</h2>
<ul>
{% for b in s.bibliography %}<li id="source-{{ b.key }}">{{ b.text }}
{% if b.url.startswith(("https://", "http://")) %}<a href="{{ b.url }}">{{ b.url }}</a>
{% elif b.url %}{{ b.url }}{% endif %}
· <code>{{ b.key }}</code>, cited {{ b.uses }}×</li>
{% endfor %}</ul>
</section>
{% endif %}
{% if notes() %}
<section aria-labelledby="quoted">
<h2 id="quoted">Quoted passages</h2>
<ol>
{% for citation, text in notes() %}<li id="q{{ loop.index }}">
<blockquote><p>{{ text }}</p></blockquote>
<p class="muted">— {{ citation }}</p></li>
{% endfor %}</ol>
</section>
{% endif %}
</main>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)
_TEMPLATE = _ENV.from_string(TEMPLATE)


def render(summary: Summary, *, party: str | None = None,
           quotes: Quotations | None = None) -> str:
    """Render a built summary as a standalone HTML page.

    >>> from kb.doc import DebateDoc
    >>> from kb.formats.summary import build
    >>> render(build(DebateDoc(slug="d", title="D"))).startswith("<!DOCTYPE html>")
    True
    """

    def order(entry: object) -> list[object]:
        statuses = getattr(entry, "statuses", ())
        return sorted(statuses, key=lambda st: st.party != party)

    def quote(citation: str) -> int | None:
        return quotes.number(citation) if quotes is not None else None

    def notes() -> list[tuple[str, str]]:
        return quotes.notes if quotes is not None else []

    return _TEMPLATE.render(s=summary, order=order, quote=quote, notes=notes)


def dump(doc: DebateDoc, *, party: str | None = None,
         passages: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Write the HTML summary of `doc` (with `party`, that party's view comes first).

    `passages` (source key -> locator -> text) adds footnoted quotations of the cited
    passages, as in :func:`kb.formats.markdown.dump`.

    >>> from kb.doc import DebateDoc
    >>> "<main>" in dump(DebateDoc(slug="d", title="D"))
    True
    """
    if party is not None:
        doc.party(party)
    return render(build(doc), party=party, quotes=Quotations(passages) if passages else None)
