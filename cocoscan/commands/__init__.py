"""CLI sub-commands other than ``scan``; each module exposes ``register(app)``.

Only these modules and ``cocoscan/cli.py`` may import typer or rich.
"""
