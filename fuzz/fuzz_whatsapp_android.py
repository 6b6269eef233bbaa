"""atheris: arbitrary bytes through the ``whatsapp-android`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("whatsapp-android", ".txt")
