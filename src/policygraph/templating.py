"""HTML templates: the one Jinja2 set-up shared by the report and the web application
(the only Jinja2 import)."""

from __future__ import annotations

import jinja2

__all__ = ["environment"]


def environment(package: str, *, keep_trailing_newline: bool = False) -> jinja2.Environment:
    """A Jinja2 environment over ``package``'s ``templates/`` folder: HTML autoescaped,
    an undefined name is an error, block tags leave no blank lines."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
