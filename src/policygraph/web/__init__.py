"""``policygraph serve``: the graph as a web application, a JSON API and a SPARQL endpoint.

The only package that imports the web framework (Starlette) and the server (uvicorn).
"""

from __future__ import annotations

from .app import create_app
from .service import Limits

__all__ = ["Limits", "create_app"]
