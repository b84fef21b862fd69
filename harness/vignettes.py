"""Clinical vignettes: run patient cases against the assistant and measure triage.

Plain functions, no pytest: ``tests/system/vignettes/test_vignettes.py`` and
``scripts/triage_report.py`` both use them.

* ``load_cases()`` reads ``tests/system/vignettes/cases.yml``;
* ``run_case(say, tracker, case)`` plays one case with a fresh sender id and reads
  ``triage_level`` / ``triage_reasons`` from the tracker (no level = ``"none"``,
  which ranks below ``self_care``: an under-triage);
* ``confusion_matrix``, ``metrics``, ``format_matrix`` summarise the outcomes.

Messages may hold date placeholders, rendered on the day the suite runs, so a
case such as "since mid-October" keeps the same meaning whenever it runs:

* ``{date_ago:N}``  → the date N days ago, as a patient writes it ("12 October");
* ``{mid_month:W}`` → "mid-<month>" for the month whose 15th is nearest to W weeks
  ago (within about 2 weeks: cases using it keep clear of the thresholds).
"""
from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.triage import LEVELS, rank as level_rank

# The cases are test data; this module is the runner the test and the report share.
CASES_FILE = Path(__file__).resolve().parents[1] / "tests" / "system" / "vignettes" / "cases.yml"
NONE = "none"  # a case that ended without a triage level
LEVELS_HIGH_FIRST: Tuple[str, ...] = tuple(reversed(LEVELS))  # emergency, urgent, doctor_soon, self_care
ACTUAL_COLUMNS: Tuple[str, ...] = LEVELS_HIGH_FIRST + (NONE,)
RED_FLAG_LEVELS = ("emergency", "urgent")
# Every escalation the patient sees starts with this sign (the static red-flag replies in
# domain.yml and the urgent/emergency triage replies of bot/patient_messages.py).
ESCALATION_MARKER = "\u26a0\ufe0f"

# Targets of the suite (asserted by the test, checked by the report).
TARGET_RED_FLAG_RECALL = 1.0
TARGET_MAX_UNDER_TRIAGE = 0
TARGET_MAX_OVER_TRIAGE_RATE = 0.02
# Beyond the brief's three targets: a level recorded as urgent/emergency must also have been
# shown to the patient (a slot set silently, with a "didn't get that" reply, helps no one).
TARGET_MAX_SILENT_ESCALATIONS = 0

Say = Callable[[str, str], Any]
TrackerFn = Callable[[str], Mapping[str, Any]]


def rank(level: str) -> int:
    """Order self_care < doctor_soon < urgent < emergency (bot.triage.rank); "none" is below them all."""
    return -1 if level not in LEVELS else level_rank(level)


@dataclass(frozen=True)
class Outcome:
    case_id: str
    expected: str
    actual: str  # a level, or "none"
    reasons: Tuple[str, ...] = ()
    expected_reasons: Tuple[str, ...] = ()
    transcript: Tuple[Tuple[str, str], ...] = ()  # (patient message, bot reply) pairs
    error: Optional[str] = None  # an HTTP or other failure while playing the case

    @property
    def escalation_shown(self) -> bool:
        """Did any reply carry the escalation sign?"""
        return any(ESCALATION_MARKER in reply for _, reply in self.transcript)

    @property
    def silent_escalation(self) -> bool:
        """Recorded as urgent/emergency, but the patient never saw an escalation."""
        return self.actual in RED_FLAG_LEVELS and not self.escalation_shown

    @property
    def correct(self) -> bool:
        return self.actual == self.expected

    @property
    def under_triaged(self) -> bool:
        return rank(self.actual) < rank(self.expected)

    @property
    def over_triaged(self) -> bool:
        return rank(self.actual) > rank(self.expected)

    @property
    def missing_reasons(self) -> Tuple[str, ...]:
        return tuple(code for code in self.expected_reasons if code not in self.reasons)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "case_id": self.case_id,
            "expected": self.expected,
            "actual": self.actual,
            "reasons": list(self.reasons),
            "expected_reasons": list(self.expected_reasons),
            "missing_reasons": list(self.missing_reasons),
            "escalation_shown": self.escalation_shown,
            "hints": hints(self) if not self.correct or self.missing_reasons or self.silent_escalation else [],
            "transcript": [{"patient": said, "bot": reply} for said, reply in self.transcript],
            "error": self.error,
        }


# --- Cases -----------------------------------------------------------------------------------------
CASE_KEYS = ("id", "messages", "expected_level", "expected_reasons", "note")


def load_cases(path: Path = CASES_FILE) -> List[Dict[str, Any]]:
    """The cases, checked for shape (unique ids, known levels, non-empty messages)."""
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if isinstance(cases, dict):
        cases = cases.get("cases", [])
    seen = set()
    for case in cases:
        missing = [key for key in CASE_KEYS if key not in case]
        if missing:
            raise ValueError(f"case {case.get('id')!r} lacks {missing}")
        if case["id"] in seen:
            raise ValueError(f"duplicate case id {case['id']!r}")
        seen.add(case["id"])
        if case["expected_level"] not in LEVELS:
            raise ValueError(f"case {case['id']!r}: unknown level {case['expected_level']!r}")
        if not case["messages"] or not all(isinstance(m, str) and m.strip() for m in case["messages"]):
            raise ValueError(f"case {case['id']!r}: messages must be non-empty strings")
    return cases


_PLACEHOLDER = re.compile(r"\{(date_ago|mid_month):(\d+(?:\.\d+)?)\}")


def _mid_month(today: date, weeks: float) -> str:
    target = today - timedelta(days=round(weeks * 7))
    candidates = []
    for shift in (-1, 0, 1):
        month_index = target.year * 12 + target.month - 1 + shift
        fifteenth = date(month_index // 12, month_index % 12 + 1, 15)
        if fifteenth <= today:
            candidates.append(fifteenth)
    best = min(candidates, key=lambda day: abs((day - target).days))
    return "mid-" + best.strftime("%B")


def render(message: str, today: Optional[date] = None) -> str:
    """Fill the date placeholders of a message for ``today``."""
    today = today or date.today()

    def fill(match: re.Match) -> str:
        kind, amount = match.group(1), float(match.group(2))
        if kind == "date_ago":
            day = today - timedelta(days=round(amount))
            return f"{day.day} {day.strftime('%B')}"
        return _mid_month(today, amount)

    return _PLACEHOLDER.sub(fill, message)


def _reply_text(replies: Any) -> str:
    if not isinstance(replies, list):
        return ""
    return "\n".join(str(reply.get("text", "")) for reply in replies if isinstance(reply, dict))


def run_case(say: Say, tracker: TrackerFn, case: Mapping[str, Any], today: Optional[date] = None) -> Outcome:
    """Play a case's messages as a new patient and read the triage the assistant recorded."""
    sender = f"vignette-{case['id']}-{uuid.uuid4().hex[:8]}"
    transcript: List[Tuple[str, str]] = []
    error = None
    level, reasons = NONE, ()
    try:
        for message in case["messages"]:
            text = render(message, today)
            transcript.append((text, _reply_text(say(sender, text))))
        slots = (tracker(sender) or {}).get("slots") or {}
        level = slots.get("triage_level") or NONE
        reasons = tuple(slots.get("triage_reasons") or ())
    except Exception as exc:  # a failing request is recorded, never hides the other cases
        error = f"{type(exc).__name__}: {exc}"
    return Outcome(
        case_id=str(case["id"]),
        expected=case["expected_level"],
        actual=level if level in LEVELS else NONE,
        reasons=reasons,
        expected_reasons=tuple(case.get("expected_reasons") or ()),
        transcript=tuple(transcript),
        error=error,
    )


def run_cases(say: Say, tracker: TrackerFn, cases: Iterable[Mapping[str, Any]],
              progress: Optional[Callable[[Outcome], None]] = None) -> List[Outcome]:
    outcomes = []
    today = date.today()
    for case in cases:
        outcome = run_case(say, tracker, case, today)
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes


# --- Metrics ---------------------------------------------------------------------------------------
def confusion_matrix(outcomes: Iterable[Outcome]) -> "OrderedDict[str, OrderedDict[str, int]]":
    """expected level → actual level (or "none") → count; every row and column present."""
    matrix: "OrderedDict[str, OrderedDict[str, int]]" = OrderedDict(
        (expected, OrderedDict((actual, 0) for actual in ACTUAL_COLUMNS)) for expected in LEVELS_HIGH_FIRST
    )
    for outcome in outcomes:
        actual = outcome.actual if outcome.actual in ACTUAL_COLUMNS else NONE
        matrix[outcome.expected][actual] += 1
    return matrix


@dataclass(frozen=True)
class ReasonRecall:
    expected: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class Metrics:
    cases: int
    correct: int
    red_flag_cases: int
    red_flag_caught: int
    under_triage: int
    over_triage: int
    under_triage_ids: Tuple[str, ...]
    over_triage_ids: Tuple[str, ...]
    silent_escalation_ids: Tuple[str, ...] = ()
    per_reason: Dict[str, ReasonRecall] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.correct / self.cases if self.cases else 1.0

    @property
    def red_flag_recall(self) -> float:
        return self.red_flag_caught / self.red_flag_cases if self.red_flag_cases else 1.0

    @property
    def over_triage_rate(self) -> float:
        return self.over_triage / self.cases if self.cases else 0.0

    @property
    def targets_met(self) -> bool:
        return not self.failed_targets()

    def failed_targets(self) -> List[str]:
        failed = []
        if self.red_flag_recall < TARGET_RED_FLAG_RECALL:
            failed.append(f"red-flag recall {self.red_flag_recall:.1%} < {TARGET_RED_FLAG_RECALL:.0%}")
        if self.under_triage > TARGET_MAX_UNDER_TRIAGE:
            failed.append(f"under-triage {self.under_triage} > {TARGET_MAX_UNDER_TRIAGE}")
        if self.over_triage_rate > TARGET_MAX_OVER_TRIAGE_RATE:
            failed.append(f"over-triage {self.over_triage_rate:.1%} > {TARGET_MAX_OVER_TRIAGE_RATE:.0%}")
        if len(self.silent_escalation_ids) > TARGET_MAX_SILENT_ESCALATIONS:
            failed.append(f"silent escalations {len(self.silent_escalation_ids)} > {TARGET_MAX_SILENT_ESCALATIONS}")
        return failed

    def to_dict(self) -> Dict[str, Any]:
        return {
            "cases": self.cases,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "red_flag_cases": self.red_flag_cases,
            "red_flag_caught": self.red_flag_caught,
            "red_flag_recall": self.red_flag_recall,
            "under_triage": self.under_triage,
            "under_triage_ids": list(self.under_triage_ids),
            "over_triage": self.over_triage,
            "over_triage_rate": self.over_triage_rate,
            "over_triage_ids": list(self.over_triage_ids),
            "silent_escalation_ids": list(self.silent_escalation_ids),
            "per_reason_recall": {code: {"expected": r.expected, "found": r.found, "recall": r.recall}
                                  for code, r in self.per_reason.items()},
            "targets": {
                "red_flag_recall": TARGET_RED_FLAG_RECALL,
                "max_under_triage": TARGET_MAX_UNDER_TRIAGE,
                "max_over_triage_rate": TARGET_MAX_OVER_TRIAGE_RATE,
                "max_silent_escalations": TARGET_MAX_SILENT_ESCALATIONS,
            },
            "targets_met": self.targets_met,
            "failed_targets": self.failed_targets(),
        }


def metrics(outcomes: Sequence[Outcome]) -> Metrics:
    """Red-flag recall, under-/over-triage and per-reason recall of a run."""
    outcomes = list(outcomes)
    red = [o for o in outcomes if o.expected in RED_FLAG_LEVELS]
    under = [o.case_id for o in outcomes if o.under_triaged]
    over = [o.case_id for o in outcomes if o.over_triaged]
    per_reason: Dict[str, List[int]] = {}
    for outcome in outcomes:
        for code in dict.fromkeys(outcome.expected_reasons):
            counts = per_reason.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += code in outcome.reasons
    return Metrics(
        cases=len(outcomes),
        correct=sum(o.correct for o in outcomes),
        red_flag_cases=len(red),
        red_flag_caught=sum(rank(o.actual) >= rank(o.expected) for o in red),
        under_triage=len(under),
        over_triage=len(over),
        under_triage_ids=tuple(under),
        over_triage_ids=tuple(over),
        silent_escalation_ids=tuple(o.case_id for o in outcomes if o.silent_escalation),
        per_reason={code: ReasonRecall(*counts) for code, counts in sorted(per_reason.items())},
    )


def format_matrix(matrix: Mapping[str, Mapping[str, int]]) -> str:
    """A plain-text table: rows are expected levels, columns actual levels (and "none")."""
    columns = list(next(iter(matrix.values())).keys()) if matrix else list(ACTUAL_COLUMNS)
    head = ["expected \\ actual"] + columns + ["total"]
    rows = [[expected] + [str(row.get(c, 0)) for c in columns] + [str(sum(row.values()))]
            for expected, row in matrix.items()]
    totals = ["total"] + [str(sum(row.get(c, 0) for row in matrix.values())) for c in columns]
    totals.append(str(sum(sum(row.values()) for row in matrix.values())))
    table = [head] + rows + [totals]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]

    def line(cells: List[str]) -> str:
        return " | ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths)))

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(head), rule] + [line(r) for r in rows] + [rule, line(totals)])


def format_metrics(m: Metrics) -> str:
    lines = [
        f"cases: {m.cases}   exact level: {m.correct}/{m.cases} ({m.accuracy:.1%})",
        f"red-flag recall: {m.red_flag_caught}/{m.red_flag_cases} ({m.red_flag_recall:.1%})   "
        f"[target {TARGET_RED_FLAG_RECALL:.0%}]",
        f"under-triage: {m.under_triage}   [target {TARGET_MAX_UNDER_TRIAGE}]"
        + (f"   {', '.join(m.under_triage_ids)}" if m.under_triage_ids else ""),
        f"over-triage: {m.over_triage}/{m.cases} ({m.over_triage_rate:.1%})   "
        f"[target <= {TARGET_MAX_OVER_TRIAGE_RATE:.0%}]"
        + (f"   {', '.join(m.over_triage_ids)}" if m.over_triage_ids else ""),
        f"silent escalations (urgent/emergency recorded, no \u26a0\ufe0f reply): {len(m.silent_escalation_ids)}   "
        f"[target {TARGET_MAX_SILENT_ESCALATIONS}]"
        + (f"   {', '.join(m.silent_escalation_ids)}" if m.silent_escalation_ids else ""),
    ]
    return "\n".join(lines)


def format_reason_recall(m: Metrics) -> str:
    if not m.per_reason:
        return "(no expected reasons)"
    width = max(len(code) for code in m.per_reason)
    return "\n".join(f"{code.ljust(width)}  {r.found:>3}/{r.expected:<3} {r.recall:6.1%}"
                     for code, r in m.per_reason.items())


# Reply fragments the hints below look for (bot/flare_form.py, domain.yml).
_FORM_STARTED = "How bad is the flare"
_REASK = ("Sorry, I didn't catch", "Sorry, I couldn't", "doesn't look right", "looks out of range", "not a dose",
          "not a weight")
# The knowledge search's decline (actions/knowledge_search.py) and Rasa's core fallback (utter_default).
_NOT_UNDERSTOOD = ("I don't have a checked answer for that", "Sorry, I'm not sure what to do with that")


def _not_understood(reply: str) -> bool:
    return any(fragment in reply for fragment in _NOT_UNDERSTOOD)


def hints(outcome: Outcome) -> List[str]:
    """Likely causes of a wrong outcome, read from the replies (a starting point, not a diagnosis)."""
    found: List[str] = []
    if outcome.error:
        found.append(f"request failed: {outcome.error}")
    replies = [reply for _, reply in outcome.transcript]
    opening_escalated = bool(replies) and ESCALATION_MARKER in replies[0]
    if replies and not opening_escalated and not any(_FORM_STARTED in r for r in replies):
        first = replies[0]
        got = "the fallback reply" if _not_understood(first) else f"\"{first[:60]}...\""
        if len(replies) == 1:
            found.append(f"the message got {got}, no escalation")
        else:
            found.append(f"the flare check never started: the opening got {got}")
    for said, reply in outcome.transcript:
        if any(fragment in reply for fragment in _REASK):
            found.append(f"answer not accepted (re-asked): \"{said}\"")
        elif _not_understood(reply) and _FORM_STARTED in "".join(replies):
            found.append(f"not understood: \"{said}\"")
    if outcome.silent_escalation:
        found.append("urgent/emergency recorded in the tracker, but no reply showed an escalation")
    return found


def format_misclassified(outcomes: Iterable[Outcome]) -> str:
    """Cases with a wrong level or a missing expected reason, with the conversation."""
    blocks = []
    for o in outcomes:
        if o.correct and not o.missing_reasons and not o.error and not o.silent_escalation:
            continue
        kind = ("UNDER" if o.under_triaged else "OVER" if o.over_triaged
                else "SILENT" if o.silent_escalation else "REASONS")
        head = f"[{kind}] {o.case_id}: expected {o.expected}, got {o.actual} (reasons: {', '.join(o.reasons) or '-'})"
        if o.missing_reasons:
            head += f"; missing reasons: {', '.join(o.missing_reasons)}"
        if o.error:
            head += f"; error: {o.error}"
        lines = [head] + [f"    hint: {hint}" for hint in hints(o)]
        for said, reply in o.transcript:
            lines.append(f"    patient: {said}")
            lines.append("    bot:     " + (reply.replace("\n", " / ")[:300] or "(no reply)"))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "(none)"
