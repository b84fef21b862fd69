"""The report's charts as PNG bytes (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

import io
from typing import Dict, List, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402

from clinic.report import LEVELS, ClinicReport  # noqa: E402

LEVEL_COLOURS = {"emergency": "#b2182b", "urgent": "#ef8a62", "doctor_soon": "#f4c542", "self_care": "#4d9221"}
OTHER_COLOUR = "#7f7f7f"

# name -> (file name, title); the order is the page's order.
CHARTS: Dict[str, Tuple[str, str]] = {
    "conversations": ("conversations.png", "Conversations and deflection"),
    "flare_reports": ("flare_reports.png", "Flare reports by triage level"),
    "escalations_by_level": ("escalations_by_level.png", "Escalations by level"),
    "escalations_by_reason": ("escalations_by_reason.png", "Escalations by reason"),
}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def _empty(axes, message: str = "No data in this period") -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color=OTHER_COLOUR)
    axes.set_xticks([])
    axes.set_yticks([])


def _labels(report: ClinicReport) -> List[str]:
    return [f"{bucket.start:%d %b}" for bucket in report.buckets]


def _sparse_ticks(axes, labels: Sequence[str]) -> None:
    step = max(1, len(labels) // 12)
    axes.set_xticks(range(0, len(labels), step))
    axes.set_xticklabels(labels[::step], rotation=45, ha="right")


def conversations_chart(report: ClinicReport) -> bytes:
    figure, axes = plt.subplots(figsize=(8, 3.5))
    if report.conversations is None:
        _empty(axes, "No tracker store: conversations cannot be counted")
    elif report.conversations == 0:
        _empty(axes)
    else:
        positions = range(len(report.buckets))
        axes.bar(positions, [b.conversations for b in report.buckets], color="#c6dbef", label="conversations")
        axes.bar(positions, [b.with_question for b in report.buckets], color="#6baed6", width=0.6, label="with a question")
        axes.bar(positions, [b.deflected for b in report.buckets], color="#08519c", width=0.3, label="deflected")
        axes.set_ylabel(f"per {report.bucket_size}")
        axes.yaxis.get_major_locator().set_params(integer=True)
        _sparse_ticks(axes, _labels(report))
        axes.legend(loc="upper left", fontsize="small")
    axes.set_title(CHARTS["conversations"][1])
    return _png(figure)


def flare_reports_chart(report: ClinicReport) -> bytes:
    figure, axes = plt.subplots(figsize=(8, 3.5))
    if not report.flare_reports:
        _empty(axes)
    else:
        positions = range(len(report.buckets))
        bottom = [0] * len(report.buckets)
        levels = list(LEVELS) + sorted({k for b in report.buckets for k in b.flare_reports} - set(LEVELS))
        for level in levels:
            values = [b.flare_reports.get(level, 0) for b in report.buckets]
            if any(values):
                axes.bar(positions, values, bottom=bottom, label=level,
                         color=LEVEL_COLOURS.get(level, OTHER_COLOUR))
                bottom = [low + value for low, value in zip(bottom, values)]
        axes.set_ylabel(f"reports per {report.bucket_size}")
        axes.yaxis.get_major_locator().set_params(integer=True)
        _sparse_ticks(axes, _labels(report))
        axes.legend(loc="upper left", fontsize="small")
    axes.set_title(CHARTS["flare_reports"][1])
    return _png(figure)


def escalations_by_level_chart(report: ClinicReport) -> bytes:
    figure, axes = plt.subplots(figsize=(5, 3.5))
    if not report.escalations:
        _empty(axes)
    else:
        levels = list(report.escalations_by_level)
        counts = [report.escalations_by_level[level] for level in levels]
        axes.bar(levels, counts, color=[LEVEL_COLOURS.get(level, OTHER_COLOUR) for level in levels])
        axes.yaxis.get_major_locator().set_params(integer=True)
        for index, count in enumerate(counts):
            axes.annotate(str(count), (index, count), ha="center", va="bottom")
    axes.set_title(CHARTS["escalations_by_level"][1])
    return _png(figure)


def escalations_by_reason_chart(report: ClinicReport, limit: int = 12) -> bytes:
    reasons = report.escalations_by_reason[:limit]
    figure, axes = plt.subplots(figsize=(7, max(2.5, 0.35 * len(reasons) + 1.2)))
    if not reasons:
        _empty(axes)
    else:
        names = [name.replace("_", " ") for name, _ in reversed(reasons)]
        axes.barh(names, [count for _, count in reversed(reasons)], color="#ef8a62")
        axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_title(CHARTS["escalations_by_reason"][1])
    return _png(figure)


def render_charts(report: ClinicReport) -> Dict[str, bytes]:
    """Every chart of the report: name -> PNG bytes, in the page's order."""
    return {
        "conversations": conversations_chart(report),
        "flare_reports": flare_reports_chart(report),
        "escalations_by_level": escalations_by_level_chart(report),
        "escalations_by_reason": escalations_by_reason_chart(report),
    }
