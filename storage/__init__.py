"""The project's own database: flare reports, hand-offs and the knowledge store share it."""
