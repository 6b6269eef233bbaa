"""atheris: arbitrary bytes through the ``telegram-json`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("telegram-json", ".json")
