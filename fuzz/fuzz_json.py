"""atheris: arbitrary bytes through the ``json`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("json", ".json")
