"""atheris: arbitrary bytes through the ``instagram-json`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("instagram-json", ".json")
