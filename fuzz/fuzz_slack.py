"""atheris: arbitrary bytes through the ``slack`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("slack", ".json")
