"""atheris: arbitrary bytes through the ``plain`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("plain", ".txt")
