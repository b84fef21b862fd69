"""The report as Markdown and as one HTML page (every patient-typed string escaped)."""
from __future__ import annotations

import base64
import html
from datetime import timedelta
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from clinic.charts import CHARTS
from clinic.report import ClinicReport

DEFINITIONS = [
    ("Conversation", "one session of one patient (a new one starts after 60 minutes of silence) "
                     "with at least one message in the period"),
    ("Question", "a message recognised as an FAQ topic, or free text the knowledge search tried "
                 "to answer, or a question recorded as unanswered"),
    ("Deflected", "a conversation with a question, no unanswered question and no hand-off "
                  "(red flag, triage or \"talk to a person\")"),
    ("Deflection rate", "deflected conversations ÷ conversations with a question"),
    ("Escalation", "a hand-off caused by a red flag or a triage result; requests to talk to a person "
                   "are hand-offs, not escalations"),
]


UNANSWERED_NOTE = (
    "Questions FlareCare declined because no checked article answered them (patients' wording, "
    "identifiers masked, grouped). Each is a candidate for an article of your own: see "
    "knowledge/README.md, \"A clinic's own articles\"."
)


def _rate(report: ClinicReport) -> str:
    return "n/a" if report.deflection_rate is None else f"{report.deflection_rate:.1%}"


def _count(value: Optional[int]) -> str:
    return "unknown" if value is None else str(value)


def headline(report: ClinicReport) -> List[Tuple[str, str]]:
    return [
        ("Conversations", _count(report.conversations)),
        ("With a question", _count(report.with_question)),
        ("Deflected", _count(report.deflected)),
        ("Deflection rate", _rate(report)),
        ("Hand-offs", str(report.handoffs)),
        ("Escalations", str(report.escalations)),
        ("Flare reports", str(report.flare_reports)),
        ("Unanswered questions", str(report.unanswered)),
    ]


def _period(report: ClinicReport) -> str:
    last = report.until - timedelta(days=1)
    return f"{report.since:%d %B %Y} – {last:%d %B %Y} ({report.days} days, UTC)"


# --- Markdown ------------------------------------------------------------------------------------


def _md_cell(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> List[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def to_markdown(report: ClinicReport, images: Mapping[str, str]) -> str:
    lines = ["# FlareCare clinic report", "", _period(report), ""]
    lines += _md_table(["", ""], headline(report)) + [""]
    if report.conversations is None:
        lines += ["_No tracker store was found, so conversations could not be counted._", ""]
    lines += ["## Escalations", ""]
    lines += _md_table(["level", "hand-offs"], list(report.escalations_by_level.items())) + [""]
    lines += _md_table(["reason", "hand-offs"], report.escalations_by_reason or [("—", 0)]) + [""]
    lines += _md_table(["hand-off trigger", "count"], list(report.handoffs_by_trigger.items()) or [("—", 0)]) + [""]
    lines += ["## Top unanswered questions", "", UNANSWERED_NOTE, ""]
    lines += _md_table(["question", "times asked"], report.top_unanswered or [("—", 0)]) + [""]
    lines += ["## Flare reports", ""]
    lines += _md_table(["triage level", "reports"], list(report.flare_reports_by_level.items())) + [""]
    lines += ["## Charts", ""]
    lines += [f"![{title}]({images[name]})" for name, (_, title) in CHARTS.items() if name in images] + [""]
    lines += ["## Definitions", ""] + [f"* **{term}**: {meaning}." for term, meaning in DEFINITIONS] + [""]
    return "\n".join(lines)


# --- HTML ----------------------------------------------------------------------------------------

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1a1a1a}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.period{color:#555;margin-top:0} .cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.card b{display:block;font-size:1.4rem} table{border-collapse:collapse;margin:.5rem 0}
td,th{border-bottom:1px solid #eee;padding:.25rem .8rem .25rem 0;text-align:left;vertical-align:top}
td.n,th.n{text-align:right} img{max-width:100%;height:auto;display:block;margin:.5rem 0}
form{margin:.5rem 0} .note{color:#555}
"""


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th class="{"n" if i else ""}">{html.escape(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"n" if i else ""}">{html.escape(str(cell))}</td>' for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    ) or f'<tr><td colspan="{len(header)}" class="note">none in this period</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def to_html(report: ClinicReport, images: Mapping[str, str], days_form: bool = False) -> str:
    """One self-contained page; ``images`` maps chart names to file names or data: URIs."""
    cards = "".join(f'<div class="card">{html.escape(label)}<b>{html.escape(value)}</b></div>'
                    for label, value in headline(report))
    form = ""
    if days_form:
        form = ('<form method="get"><label>Period: last <input name="days" type="number" min="1" max="366" '
                f'value="{report.days}" style="width:4rem"> days</label> <button>Show</button></form>')
    missing = ("" if report.conversations is not None else
               '<p class="note">No tracker store was found, so conversations could not be counted.</p>')
    charts = "".join(
        f'<img src="{html.escape(images[name], quote=True)}" alt="{html.escape(title)}">'
        for name, (_, title) in CHARTS.items() if name in images
    )
    definitions = "".join(f"<li><b>{html.escape(term)}</b>: {html.escape(meaning)}.</li>" for term, meaning in DEFINITIONS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>FlareCare clinic report</title><style>{STYLE}</style></head>
<body><h1>FlareCare clinic report</h1><p class="period">{html.escape(_period(report))}</p>{form}
<div class="cards">{cards}</div>{missing}
<h2>Escalations</h2>
{_table(["Level", "Hand-offs"], [(k, v) for k, v in report.escalations_by_level.items()])}
{_table(["Reason", "Hand-offs"], report.escalations_by_reason)}
{_table(["Hand-off trigger", "Count"], list(report.handoffs_by_trigger.items()))}
<h2>Top unanswered questions</h2>
<p>{html.escape(UNANSWERED_NOTE)}</p>
{_table(["Question", "Times asked"], report.top_unanswered)}
<h2>Flare reports</h2>
{_table(["Triage level", "Reports"], list(report.flare_reports_by_level.items()))}
<h2>Charts</h2>{charts}
<h2>Definitions</h2><ul>{definitions}</ul>
</body></html>
"""


def chart_files(charts: Dict[str, bytes]) -> Dict[str, str]:
    """Chart name -> the file name it is written under."""
    return {name: CHARTS[name][0] for name in charts}
