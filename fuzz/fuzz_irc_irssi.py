"""atheris: arbitrary bytes through the ``irc-irssi`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("irc-irssi", ".log")
