"""``python -m runtime run [rasa run's options]``: Rasa's own command line, with ``runtime.install()`` first.

The one entry point that serves FlareCare with every override (scripts/serve.py and
scripts/serve_production.py start it). The arguments go to Rasa's CLI unchanged, so any
rasa command works the same way (``python -m runtime shell …``, used by ``make shell``).
Rasa serves in this process (one Sanic worker), so the patches are the server's.
"""
from __future__ import annotations

import sys
from typing import List, Optional

import settings
from runtime import install
from runtime.versions import UnsupportedRasaVersion


def main(argv: Optional[List[str]] = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    settings.load_or_exit()  # a bad FLARECARE_* value stops the server at start, in one line
    try:
        install()
    except UnsupportedRasaVersion as error:
        raise SystemExit(f"python -m runtime: {error}") from None
    from rasa.__main__ import main as rasa_main  # after install(): Rasa's CLI reads sys.argv itself

    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":
    main()
