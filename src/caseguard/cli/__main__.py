"""``python -m caseguard.cli``: the same as the ``caseguard`` command."""

from caseguard.cli import main

main()
