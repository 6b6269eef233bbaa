"""``python -m cocoscan`` runs the same CLI as the ``cocoscan`` script."""

from cocoscan.cli import main

main()
