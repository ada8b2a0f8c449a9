"""``python -m policygraph``."""

from .cli import main

main()
