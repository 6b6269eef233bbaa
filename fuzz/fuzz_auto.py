"""atheris harness: format detection, decompression and archives on arbitrary bytes.

No ``--format``: the bytes go through sniffing, gzip/zstd/zip handling (zip
limits, nesting) and whichever reader is detected (see harness.py).
"""

from harness import main

if __name__ == "__main__":
    main(None, ".bin")
