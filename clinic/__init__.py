"""The clinic's view: a report command and a small authenticated web page.

    python -m clinic report [--days 30] [--out results/clinic]
    python -m clinic serve [--port 8090] [--days 30]      # needs FLARECARE_CLINIC_TOKEN
    python -m clinic delete-patient <sender_id>         # one patient's data, from every store
    python -m clinic purge [--days N]                   # everything older than the retention period

Queries live in ``storage.analytics``; this package shapes them
(``clinic.report``), draws the charts (``clinic.charts``), renders Markdown and
HTML (``clinic.render``) and serves the page (``clinic.web``); deletion and
retention are ``storage.erasure`` and ``storage.retention``.
"""
