"""python -m clinic report | serve | delete-patient | purge — see clinic/__init__.py."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import settings  # noqa: E402


def _prepare_database() -> None:
    """The project's tables exist (migrations, as on every server start)."""
    from storage.database import migrate

    migrate()


def report(days: int, out: Path) -> int:
    from clinic.charts import render_charts
    from clinic.render import chart_files, to_html, to_markdown
    from clinic.report import build_report
    from storage.analytics import tracker_database_url
    from storage.database import session_scope

    _prepare_database()
    with session_scope() as session:
        result = build_report(session, tracker_database_url(), days)
    charts = render_charts(result)
    files = chart_files(charts)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    # The report holds patients' questions: readable by this user only.
    for name, content in [(files[n], png) for n, png in charts.items()] + [
        ("report.md", to_markdown(result, files).encode("utf-8")),
        ("report.html", to_html(result, files).encode("utf-8")),
    ]:
        path = out / name
        path.write_bytes(content)
        path.chmod(0o600)
        written.append(name)
    for line in result.summary_lines():
        print(line)
    print(f"  written to {out}/: {', '.join(written)}")
    return 0


def serve(port: int, bind: str, days: int) -> int:
    from clinic.web import ClinicConfigError, clinic_token, make_server

    try:
        token = clinic_token()
    except ClinicConfigError as error:
        print(f"clinic page not started: {error}", file=sys.stderr)
        return 2
    _prepare_database()
    server = make_server(token, bind, port, days)
    print(f"Clinic report page: http://{bind}:{server.server_address[1]}/ "
          "(HTTP Basic: any user name, the clinic token as password). Ctrl-C stops it.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def delete_patient(sender_id: str) -> int:
    """Delete one patient's conversations, reports, hand-offs and unanswered questions; print counts only."""
    from storage import erasure

    _prepare_database()
    counts = erasure.delete_patient(sender_id, erasure.configured_tracker())
    print(f"deleted rows: {erasure.describe(counts)}")
    return 0


def purge(days: int) -> int:
    from storage.retention import purge_expired

    _prepare_database()
    print(f"purged rows older than {days} days: {purge_expired(days)}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clinic", description="FlareCare's clinic commands: report, page, deletion, retention."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("report", help="write the report (Markdown, HTML, PNG charts) and print a summary")
    make.add_argument("--days", type=int, default=30, help="the last N days, today included (default 30)")
    make.add_argument("--out", type=Path, default=ROOT / "results" / "clinic", help="output directory")
    page = commands.add_parser("serve", help="serve the report page (needs FLARECARE_CLINIC_TOKEN)")
    page.add_argument("--port", type=int, default=8090)
    page.add_argument("--bind", help="the interface (default: FLARECARE_BIND, else 127.0.0.1)")
    page.add_argument("--days", type=int, default=30, help="the default period of the page")
    erase = commands.add_parser("delete-patient", help="delete everything stored about one patient (prints counts)")
    erase.add_argument("sender_id", help="the patient's conversation id (Rasa sender id)")
    retention = commands.add_parser("purge", help="delete conversations and records older than the retention period")
    retention.add_argument("--days", type=int, default=None,
                     help="keep this many days (default: FLARECARE_RETENTION_DAYS, else 180)")
    args = parser.parse_args(argv)
    configured = settings.load_or_exit()  # a wrong variable stops every command here, by name
    if args.command == "delete-patient":
        if not args.sender_id.strip():
            parser.error("sender_id must not be empty")
        return delete_patient(args.sender_id)
    if args.days is not None and args.days < 1:
        parser.error("--days must be at least 1")
    if args.command == "purge":
        return purge(args.days or configured.retention_days)
    if args.command == "report":
        return report(args.days, args.out)
    return serve(args.port, args.bind or configured.bind, args.days)


if __name__ == "__main__":
    sys.exit(main())
