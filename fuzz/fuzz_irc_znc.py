"""atheris: arbitrary bytes through the ``irc-znc`` reader (see harness.py)."""

from harness import main

if __name__ == "__main__":
    main("irc-znc", ".log")
