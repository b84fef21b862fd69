"""Command line for the knowledge store.

    python -m knowledge load [--dir knowledge/articles] [--quiet]
                                                           validate, then upsert; prints the change report
                                                           (--quiet: one summary line); then embeds new
                                                           or changed articles for the search
    python -m knowledge check [--dir ...]                  validate only, no database
    python -m knowledge embed                              embed stored articles not cached yet (servers' start)
    python -m knowledge ask "can I drink on accutane?" [--more]
    python -m knowledge list

``--db URL`` (before the command) picks the database; the default is the
project database (``FLARECARE_DATABASE_URL`` or SQLite under the data dir).
Exit codes: 0 ok, 1 invalid content (nothing written), 2 empty store.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, TextIO

from sqlalchemy import func, select

from knowledge.content import DEFAULT_ARTICLES_DIR, ContentError, read_articles
from knowledge.loader import sync_articles
from knowledge.models import Article, create_knowledge_tables
from knowledge.search import answer_for_topic, format_answer, search
from knowledge.vectors import warm
from storage.database import database_url, get_engine, session_scope

NO_ANSWER = "no confident answer"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="FlareCare knowledge store")
    parser.add_argument("--db", metavar="URL", help="database URL (default: the project database)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("load", "validate the article files and load them"), ("check", "validate only")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--dir", type=Path, default=DEFAULT_ARTICLES_DIR, help="article directory")
        if name == "load":
            cmd.add_argument("--quiet", action="store_true", help="print one summary line instead of the report")
    ask = sub.add_parser("ask", help="answer a question from the store")
    ask.add_argument("question")
    ask.add_argument("--more", action="store_true", help="print the longer answer")
    sub.add_parser("list", help="list the stored articles")
    sub.add_parser("embed", help="compute the search vectors of stored articles not cached yet")
    return parser


def main(argv: Optional[List[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _validate(args.dir, out, err)[0]

    url = args.db or database_url()
    create_knowledge_tables(get_engine(url))
    if args.command == "load":
        code, contents = _validate(args.dir, out, err, quiet=True)
        if code:
            return code
        with session_scope(url) as session:
            report = sync_articles(session, contents)
        with session_scope(url) as session:  # so the running servers' next search need not encode them
            warm(session)
        print(report.one_line() if args.quiet else report.summary(), file=out)
        return 0

    if args.command == "embed":
        with session_scope(url) as session:
            print(f"knowledge: {warm(session)} article(s) embedded", file=out)
        return 0

    with session_scope(url) as session:
        if not session.execute(select(func.count(Article.id))).scalar_one():
            print("The knowledge store is empty: run `python -m knowledge load` first.", file=err)
            return 2
        if args.command == "list":
            for article in session.execute(select(Article).order_by(Article.topic)).scalars():
                print(
                    f"{article.topic:<22} {article.title}  "
                    f"[reviewed {article.reviewed_on.isoformat()}, {len(article.source_links)} source(s), "
                    f"{len(article.questions)} question(s)]",
                    file=out,
                )
            return 0
        hits = search(session, args.question, limit=3)
        if not hits or not hits[0].confident:
            closest = ", ".join(f"{h.topic} ({h.score:.2f})" for h in hits) or "none"
            print(f"{NO_ANSWER} (closest: {closest})", file=out)
            return 0
        answer = answer_for_topic(session, hits[0].topic)
        print(f"[{hits[0].topic}, score {hits[0].score:.2f}]\n{format_answer(answer, more=args.more)}", file=out)
        return 0


def _validate(directory: Path, out: TextIO, err: TextIO, quiet: bool = False):
    try:
        contents = read_articles(directory)
    except ContentError as exc:
        print(f"Invalid knowledge content in {directory} — nothing was written:", file=err)
        for problem in exc.problems:
            print(f"  - {problem}", file=err)
        return 1, []
    if not quiet:
        print(f"{len(contents)} article(s) valid in {directory}", file=out)
    return 0, contents


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
