"""``/docs`` without the internet: Swagger UI served from the ``swagger-ui-bundle`` package.

The bundled Swagger UI (4.x) reads OpenAPI 3.0 documents only, so the page loads
``/docs/openapi-3.0.json``: the app's own OpenAPI 3.1 document (``/openapi.json``, the
reference) rewritten in the 3.0 dialect (``nullable`` instead of a ``null`` type,
``example`` instead of ``examples`` in schemas). Nothing is fetched from a CDN.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
DOCS_SPEC = "/docs/openapi-3.0.json"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if not isinstance(options, list):
            continue
        rest = [option for option in options if option != {"type": "null"}]
        if len(rest) == len(options):
            continue
        schema = {key: value for key, value in schema.items() if key != combinator}
        if len(rest) == 1:
            schema = {**rest[0], **schema} if "$ref" not in rest[0] else {"allOf": rest, **schema}
        else:
            schema[combinator] = rest
        schema["nullable"] = True
    return schema


def to_openapi_30(node: Any, *, in_schema: bool = False) -> Any:
    """Rewrite an OpenAPI 3.1 document (or part of one) in the 3.0 dialect.

    >>> to_openapi_30({"anyOf": [{"type": "string"}, {"type": "null"}]}, in_schema=True)
    {'type': 'string', 'nullable': True}
    """
    if isinstance(node, list):
        return [to_openapi_30(item, in_schema=in_schema) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        child_in_schema = in_schema or key in ("schema", "schemas")
        if in_schema and key == "examples" and isinstance(value, list):
            if value:
                out["example"] = to_openapi_30(value[0])
            continue
        if in_schema and key == "const":
            out["enum"] = [value]
            continue
        out[key] = to_openapi_30(value, in_schema=child_in_schema)
    if in_schema:
        out = _nullable(out)
    return out


def swagger_page(title: str) -> HTMLResponse:
    """The ``/docs`` page: Swagger UI from local files over the OpenAPI 3.0 document."""
    return get_swagger_ui_html(
        openapi_url=DOCS_SPEC,
        title=f"{title}: API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
    )


def install_docs(app: FastAPI) -> None:
    """Add ``/docs`` (Swagger UI from local files) to `app`."""
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return swagger_page(app.title)

    @app.get(DOCS_SPEC, include_in_schema=False)
    def openapi_30() -> JSONResponse:
        document = to_openapi_30(app.openapi())
        document["openapi"] = "3.0.3"
        return JSONResponse(document)
