"""The clinic report: numbers shaped from the queries in ``storage.analytics``.

Definitions (the report states them too):

* **Conversation** — one Rasa session of one patient (``sender_id``): from an
  ``action_session_start`` to the next one (Rasa starts a new session after 60
  minutes of silence), with at least one patient message in the window. A
  session that began before the window counts with the messages inside it.
* **Question** — a patient message classified as an FAQ intent
  (``knowledge.topics.INTENT_TOPICS``), as ``ask_see_doctor``, or as
  ``ask_question`` / ``ask_topic`` / ``nlu_fallback`` / ``out_of_scope`` (free text the
  knowledge search tries to answer), or an
  unanswered-question record (``storage.analytics.record_unanswered``).
* **Deflected conversation** — a conversation with at least one question, no
  unanswered question and no hand-off of any kind (red flag, triage result or
  "talk to a person") between its start and the patient's next session.
* **Deflection rate** = deflected conversations / conversations with a
  question. Unknown (``None``) when there is no tracker store to count
  conversations in, or no conversation had a question.
* **Escalation** — a hand-off triggered by a red flag or a triage result that
  needs the clinic (``trigger`` ``red_flag`` / ``triage``); "talk to a person"
  requests are hand-offs but not escalations. By level: the hand-off's
  ``triage_level``; by reason: each code in its ``triage_reasons``.

Times are UTC; days are UTC calendar days (weeks, Monday first, for windows
over 62 days).
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import groupby
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session

from knowledge.topics import INTENT_TOPICS
from storage import analytics

QUESTION_INTENTS = frozenset(INTENT_TOPICS) | {"ask_question", "ask_topic", "ask_see_doctor", "nlu_fallback", "out_of_scope"}
ESCALATION_TRIGGERS = ("red_flag", "triage")
LEVELS = ("emergency", "urgent", "doctor_soon", "self_care")
ESCALATION_LEVELS = LEVELS[:3]
WEEKLY_AFTER_DAYS = 62


@dataclass
class Conversation:
    sender_id: str
    start: float  # Unix time of its first event in the window
    end: float  # the sender's next session start, or +inf
    first_message: float
    questions: int = 0
    handoffs: int = 0
    unanswered: int = 0

    @property
    def has_question(self) -> bool:
        return self.questions > 0 or self.unanswered > 0

    @property
    def deflected(self) -> bool:
        return self.has_question and self.handoffs == 0 and self.unanswered == 0


def conversations_from(
    events: Iterable[analytics.TrackerEvent],
    handoffs: Iterable[Tuple[str, datetime]],
    unanswered: Iterable[Tuple[str, datetime]],
) -> List[Conversation]:
    """Split each sender's events into sessions; attach hand-offs and unanswered questions by time."""
    conversations: List[Conversation] = []
    by_sender: Dict[str, List[Conversation]] = {}
    for sender, sender_events in groupby(events, key=lambda event: event.sender_id):
        segments: List[List[analytics.TrackerEvent]] = []
        for event in sender_events:
            if event.kind == "session_start" or not segments:
                segments.append([])
            segments[-1].append(event)
        mine: List[Conversation] = []
        for index, segment in enumerate(segments):
            messages = [event for event in segment if event.kind == "user"]
            if not messages:
                continue
            end = segments[index + 1][0].timestamp if index + 1 < len(segments) else float("inf")
            mine.append(Conversation(
                sender, segment[0].timestamp, end, messages[0].timestamp,
                questions=sum(1 for event in messages if event.intent in QUESTION_INTENTS),
            ))
        by_sender[sender] = mine
        conversations.extend(mine)

    def owner(sender: str, moment: datetime) -> Optional[Conversation]:
        mine = by_sender.get(sender) or []
        stamp = moment.timestamp()
        index = bisect.bisect_right([c.start for c in mine], stamp) - 1
        if index >= 0 and stamp < mine[index].end:
            return mine[index]
        return None

    for sender, moment in handoffs:
        conversation = owner(sender, moment)
        if conversation:
            conversation.handoffs += 1
    for sender, moment in unanswered:
        conversation = owner(sender, moment)
        if conversation:
            conversation.unanswered += 1
    return conversations


@dataclass
class Bucket:
    start: date
    conversations: int = 0
    with_question: int = 0
    deflected: int = 0
    flare_reports: Dict[str, int] = field(default_factory=dict)


@dataclass
class ClinicReport:
    since: datetime
    until: datetime
    conversations: Optional[int]
    with_question: Optional[int]
    deflected: Optional[int]
    handoffs: int
    handoffs_by_trigger: Dict[str, int]
    escalations: int
    escalations_by_level: Dict[str, int]
    escalations_by_reason: List[Tuple[str, int]]
    unanswered: int
    top_unanswered: List[Tuple[str, int]]
    flare_reports: int
    flare_reports_by_level: Dict[str, int]
    buckets: List[Bucket]
    bucket_size: str  # "day" | "week"

    @property
    def days(self) -> int:
        return round((self.until - self.since) / timedelta(days=1))

    @property
    def deflection_rate(self) -> Optional[float]:
        if not self.with_question:
            return None
        return self.deflected / self.with_question

    def summary_lines(self) -> List[str]:
        """Numbers only (no patient's words): safe for a terminal or a log."""
        if self.conversations is None:
            talk = "conversations: unknown (no tracker store found)"
        else:
            rate = "n/a" if self.deflection_rate is None else f"{self.deflection_rate:.1%}"
            talk = (f"conversations: {self.conversations}; with a question: {self.with_question}; "
                    f"deflected: {self.deflected} (deflection rate {rate})")
        triggers = ", ".join(f"{name} {count}" for name, count in self.handoffs_by_trigger.items()) or "none"
        levels = ", ".join(f"{name} {count}" for name, count in self.escalations_by_level.items() if count) or "none"
        reports = ", ".join(f"{name} {count}" for name, count in self.flare_reports_by_level.items() if count) or "none"
        return [
            f"FlareCare clinic report, {self.since:%Y-%m-%d} to {self.until - timedelta(seconds=1):%Y-%m-%d} "
            f"({self.days} days, UTC)",
            f"  {talk}",
            f"  hand-offs: {self.handoffs} ({triggers}); escalations: {self.escalations} ({levels})",
            f"  flare reports: {self.flare_reports} ({reports})",
            f"  unanswered questions: {self.unanswered}",
        ]


def _bucket_start(day: date, weekly: bool) -> date:
    return day - timedelta(days=day.weekday()) if weekly else day


def build_report(
    session: Session,
    tracker_url: Optional[str],
    days: int = 30,
    now: Optional[datetime] = None,
    top: int = 10,
) -> ClinicReport:
    """The report for the ``days`` full UTC days up to and including today."""
    if days < 1:
        raise ValueError("days must be at least 1")
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    until = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    since = until - timedelta(days=days)

    handoffs = analytics.handoffs_between(session, since, until)
    unanswered = analytics.unanswered_between(session, since, until)
    events = analytics.conversation_events(tracker_url, since, until)
    conversations = (
        None if events is None
        else conversations_from(events, [(h.sender_id, h.created_at) for h in handoffs], unanswered)
    )

    escalations = [h for h in handoffs if h.trigger in ESCALATION_TRIGGERS]
    by_level = Counter(h.triage_level or "none" for h in escalations)
    reasons = Counter(reason for h in escalations for reason in h.triage_reasons)
    reports = analytics.flare_reports_between(session, since, until)
    report_levels = Counter(level for _, level in reports)

    weekly = days > WEEKLY_AFTER_DAYS
    buckets: Dict[date, Bucket] = {}
    day = since.date()
    while day < until.date():
        start = _bucket_start(day, weekly)
        buckets.setdefault(start, Bucket(start, flare_reports={level: 0 for level in LEVELS}))
        day += timedelta(days=1)
    for conversation in conversations or []:
        bucket = buckets[_bucket_start(datetime.fromtimestamp(conversation.first_message, timezone.utc).date(), weekly)]
        bucket.conversations += 1
        bucket.with_question += conversation.has_question
        bucket.deflected += conversation.deflected
    for created, level in reports:
        counts = buckets[_bucket_start(created.date(), weekly)].flare_reports
        counts[level] = counts.get(level, 0) + 1

    return ClinicReport(
        since=since,
        until=until,
        conversations=None if conversations is None else len(conversations),
        with_question=None if conversations is None else sum(c.has_question for c in conversations),
        deflected=None if conversations is None else sum(c.deflected for c in conversations),
        handoffs=len(handoffs),
        handoffs_by_trigger=dict(sorted(Counter(h.trigger for h in handoffs).items())),
        escalations=len(escalations),
        escalations_by_level=_ordered(by_level, ESCALATION_LEVELS),
        escalations_by_reason=sorted(reasons.items(), key=lambda item: (-item[1], item[0])),
        unanswered=len(unanswered),
        top_unanswered=analytics.top_unanswered(session, since, until, top),
        flare_reports=len(reports),
        flare_reports_by_level=_ordered(report_levels, LEVELS),
        buckets=[buckets[start] for start in sorted(buckets)],
        bucket_size="week" if weekly else "day",
    )


def _ordered(counts: Counter, order: Sequence[str]) -> Dict[str, int]:
    """Every known key in ``order`` (zeros included), then any other key found."""
    result = {key: counts.get(key, 0) for key in order}
    result.update({key: value for key, value in sorted(counts.items()) if key not in result})
    return result
