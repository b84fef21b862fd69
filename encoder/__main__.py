"""``python -m encoder``: fetch and verify the encoder's files (the setup step)."""
import sys

from encoder.files import main

sys.exit(main())
