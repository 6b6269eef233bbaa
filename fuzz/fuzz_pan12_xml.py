"""atheris: arbitrary bytes through the ``pan12-xml`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("pan12-xml", ".xml")
