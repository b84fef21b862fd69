"""The rasa-sdk action server: thin adapters from the tracker to bot/ and knowledge/."""
from bot.red_flag_scan import warm_up

# Build the red-flag detectors (and lingua's language models) while the action server
# starts, not inside a patient's first answer: it takes seconds on a busy machine, and the
# Rasa server gives each action only FLARECARE_ACTION_TIMEOUT seconds (runtime/action_timeout.py).
warm_up()
