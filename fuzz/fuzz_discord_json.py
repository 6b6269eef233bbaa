"""atheris: arbitrary bytes through the ``discord-json`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("discord-json", ".json")
