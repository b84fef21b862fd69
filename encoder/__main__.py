"""``python -m encoder``: fetch and verify the encoder's files, then derive its graph (the setup step)."""
import sys

import settings
from encoder import graph
from encoder.files import main

status = main()
if status == 0:
    folder = settings.load_or_exit().encoder_dir
    try:
        print(f"[setup] encoder graph ready in {graph.ensure(folder)}")
    except OSError as error:  # a read-only shared copy: each process derives its own
        print(f"[setup] encoder graph not written ({error}); each server derives it at start", file=sys.stderr)
sys.exit(status)
