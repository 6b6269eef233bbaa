"""atheris: arbitrary bytes through the ``csv`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("csv", ".csv")
