"""The rasa-sdk action server: thin adapters from the tracker to bot/ and knowledge/."""
from bot.red_flags import detect

# Build the red-flag matcher while the action server starts, not inside a patient's
# first answer: it takes seconds on a busy machine, and the Rasa server gives each
# action only FLARECARE_ACTION_TIMEOUT seconds (components/action_timeout.py).
detect("")
