"""Messaging platforms: which Rasa connectors run, and the small adaptations they need.

* ``channels.config`` turns environment variables into the credentials file
  ``scripts/serve.py`` hands to ``rasa run`` (rest + socketio always, each
  platform whose variables are all set).
* ``channels.numbered`` — buttons as numbered text options and a numbered
  reply back to its button (pure functions; the decision is documented there).
* ``channels.twilio_numbered`` — SMS / WhatsApp: numbered options, "1" selects,
  Twilio's request signature checked.
* ``channels.messenger`` — Messenger: buttons kept within the Send API's limits.
* ``channels.telegram`` — Telegram: the webhook's secret token checked.

Slack uses Rasa's connector unchanged. This package is deliberately not under
``components/``: those are training inputs (``scripts/setup.sh`` retrains when
they change); a connector is not.
"""
