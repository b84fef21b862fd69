"""FlareCare's knowledge store: reviewed, cited answers for patients on isotretinoin.

Modules (nothing here touches the database at import time):

* ``topics``   — the closed list of topic keys and the FAQ intent → topic map
* ``content``  — read and validate ``articles/<topic>.md`` and a clinic's folder (no database)
* ``models``   — SQLAlchemy models (SQLite and PostgreSQL alike)
* ``loader``   — idempotent upsert of the files (and the clinic's folder) into the database, with a change report
* ``related``  — the related questions offered after an answer
* ``format_rules`` — the editorial rules every article is held to (length, doctor line, no dose orders)
* ``text``     — normalisation shared by the search index and the questions
* ``search``   — hybrid BM25 + sentence-encoder search (``search``) and answers (``answer_for_topic``,
  ``format_answer``)
* ``vectors``  — the articles' sentence-encoder vectors, cached by content hash (memory and disk)
* ``query_vector`` — a question's vector as the NLU puts it into the parse data, for the search
* ``answers``  — the ``Answer`` type and the patient-facing text
* ``__main__`` — ``python -m knowledge load | check | embed | ask | list``

See ``knowledge/README.md`` for how to write and load articles.
"""
