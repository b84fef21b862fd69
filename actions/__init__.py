"""The rasa-sdk action server: thin adapters from the tracker to bot/ and knowledge/.

It does not run the red-flag detectors: the actions read the NLU's one reading of
each message from the tracker (bot/reading.py ``reading_in``), so nothing is warmed
up here; the one path that still reads a text here is described in ``reading_in``.
"""
