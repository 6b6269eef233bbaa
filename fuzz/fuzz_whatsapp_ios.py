"""atheris: arbitrary bytes through the ``whatsapp-ios`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("whatsapp-ios", ".txt")
