"""Conversation and author heuristics: signals across messages, guards, ages.

Each heuristic is a small pure function in its own module; scoring combines
them. Nothing here imports report writers, the CLI, typer or rich.
"""
