"""atheris: arbitrary bytes through the ``messenger-json`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("messenger-json", ".json")
