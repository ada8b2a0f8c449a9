"""Running the application under uvicorn (what ``policygraph serve`` calls)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from ..errors import ParameterError
from ..graph import PolicyGraph
from .app import create_app
from .service import Limits


def exposure_warning(host: str) -> str | None:
    """A warning when ``host`` makes the application reachable from other machines."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return None
    return (
        f"--host {host} makes the application reachable from other machines; it has no "
        "authentication and serves everything in the graph. Use 127.0.0.1 (the default) "
        "unless it runs behind a reverse proxy that you control."
    )


def check_port(host: str, port: int) -> None:
    """Fail early, with one clear message, when ``host:port`` cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ParameterError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port, or stop the program that uses it."
            ) from None


def serve(
    graph: PolicyGraph,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve ``graph`` on ``host:port`` until interrupted (Ctrl-C)."""
    import uvicorn

    check_port(host, port)
    app = create_app(graph, limits=limits)
    shown = f"[{host}]" if ":" in host else host
    announce(f"policygraph serve: http://{shown}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
