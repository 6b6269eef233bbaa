"""atheris: arbitrary bytes through the ``discord-csv`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("discord-csv", ".csv")
