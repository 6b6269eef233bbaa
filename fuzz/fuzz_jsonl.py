"""atheris: arbitrary bytes through the ``jsonl`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("jsonl", ".jsonl")
