"""Reading and validating the article files (no database here).

One file per article, ``knowledge/articles/<topic>.md``::

    ---
    topic: flare_rate
    title: How common is an early flare?
    reviewed_on: 2026-11-25
    reviewer: Dr A. Example, dermatologist
    language: en                      # optional, default "en"
    sources:
      - citation: "Demircay Z, Kus S, Sur H. ... Eur J Dermatol 2008;18(4):452-6"
        url: https://doi.org/10.1684/ejd.2008.0441   # optional; leave out if unsure
    tags: [flare, common]             # optional
    questions:                        # at least one way a patient asks it
      - Is it normal for acne to get worse on isotretinoin?
    see_doctor: See your doctor if ...   # optional
    related: [flare_meaning, prevention] # optional: up to 3 topics offered as "related questions"
    author: clinic                       # optional: flarecare (default) or clinic
    source_line: "Dr Smith's Skin Clinic policy, 2026"   # optional: the "Source:" line patients read
    ---
    ## Short answer
    At most 80 words, plain, warm, second person.

    ## More
    The longer answer.

Every problem found is collected (all files are checked), then raised together
as one ``ContentError`` whose lines name the file and the problem.

A clinic's own folder (``read_articles(..., clinic_directory=...)``, see
``knowledge/README.md``) holds articles in the same format. Each is the
clinic's (``author: clinic``, the default there): a key the built-in folder
has is overridden by it, any other valid key is a new topic of the clinic's.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import AbstractSet, Any, Dict, FrozenSet, Iterable, List, Optional, Tuple

import yaml

from knowledge.topics import KNOWN_TOPICS, REQUIRED_TOPICS

SHORT_ANSWER_MAX_WORDS = 80
DEFAULT_ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

_REQUIRED_KEYS = ("topic", "title", "reviewed_on", "reviewer", "sources", "questions")
_OPTIONAL_KEYS = ("language", "tags", "see_doctor", "related", "author", "source_line")
AUTHORS = ("flarecare", "clinic")
CLINIC = "clinic"
MAX_RELATED = 3
_SECTIONS = {"short answer": "short_answer", "more": "long_answer"}
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_HEADING = re.compile(r"^##\s+(.*?)\s*#*\s*$")
_TOPIC_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


class ContentError(ValueError):
    """The article files are invalid; ``problems`` holds one "file: problem" line each."""

    def __init__(self, problems: Iterable[str]):
        self.problems: List[str] = list(problems)
        super().__init__("invalid knowledge content:\n" + "\n".join(f"  - {p}" for p in self.problems))


@dataclass(frozen=True)
class SourceRef:
    citation: str
    url: Optional[str] = None


@dataclass(frozen=True)
class ArticleContent:
    """One validated article file."""

    path: str
    topic: str
    title: str
    short_answer: str
    long_answer: str
    reviewed_on: date
    reviewer: str
    sources: Tuple[SourceRef, ...]
    questions: Tuple[str, ...]
    tags: Tuple[str, ...] = ()
    see_doctor: Optional[str] = None
    language: str = "en"
    related: Tuple[str, ...] = ()  # topics the author chose as related questions, in order
    author: str = "flarecare"  # or "clinic": shown to patients as the clinic's own answer
    source_line: Optional[str] = None  # replaces the citations in the "Source:" line patients read

    @property
    def from_clinic(self) -> bool:
        return self.author == CLINIC

    @property
    def content_hash(self) -> str:
        """SHA-256 of everything stored for the article (not of the raw file bytes)."""
        payload = {
            "topic": self.topic,
            "title": self.title,
            "short_answer": self.short_answer,
            "long_answer": self.long_answer,
            "reviewed_on": self.reviewed_on.isoformat(),
            "reviewer": self.reviewer,
            "sources": [[s.citation, s.url] for s in self.sources],
            "questions": list(self.questions),
            "tags": list(self.tags),
            "see_doctor": self.see_doctor,
            "language": self.language,
        }
        # Added with the clinic folder; left out while unset so that the hash of every
        # article written before stays the same (an upgrade rewrites no unchanged row).
        for key, value, default in (("related", list(self.related), []), ("author", self.author, "flarecare"),
                                    ("source_line", self.source_line, None)):
            if value != default:
                payload[key] = value
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def read_articles(
    directory: Path = DEFAULT_ARTICLES_DIR,
    required: Iterable[str] = REQUIRED_TOPICS,
    clinic_directory: Optional[Path] = None,
) -> List[ArticleContent]:
    """Parse and validate every ``*.md`` file in ``directory`` and, if given, ``clinic_directory``.

    A clinic article replaces the built-in article with its key. Raises
    ContentError on any problem in either folder.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentError([f"{directory}: not a directory"])
    paths = _article_paths(directory)
    if not paths:
        raise ContentError([f"{directory}: no article files (*.md) found"])

    clinic_topics, problems = read_clinic_topics(directory)
    articles: List[ArticleContent] = []
    for path in paths:
        article, file_problems = parse_article_file(path, KNOWN_TOPICS | clinic_topics)
        problems.extend(file_problems)
        if article is not None:
            articles.append(article)
    problems.extend(_duplicates(articles))
    if clinic_directory is not None:
        clinic_articles, clinic_problems = _read_clinic_folder(Path(clinic_directory))
        problems.extend(clinic_problems)
        overridden = {a.topic for a in clinic_articles}
        articles = [a for a in articles if a.topic not in overridden] + clinic_articles

    problems.extend(_check_collection(articles, required))
    if problems:
        raise ContentError(problems)
    return sorted(articles, key=lambda a: a.topic)


def _article_paths(directory: Path) -> List[Path]:
    return sorted(p for p in directory.glob("*.md") if p.is_file())


def _read_clinic_folder(directory: Path) -> Tuple[List[ArticleContent], List[str]]:
    """The clinic's articles: any valid key (new or overriding), always the clinic's; may be empty."""
    if not directory.is_dir():
        return [], [f"{directory}: the clinic articles folder is not a directory"]
    articles: List[ArticleContent] = []
    problems: List[str] = []
    for path in _article_paths(directory):
        article, file_problems = parse_article_file(path, known_topics=None, default_author=CLINIC)
        problems.extend(file_problems)
        if article is not None and not article.from_clinic:
            problems.append(f"{path}: an article in the clinic folder is the clinic's: leave 'author' out or say 'clinic'")
        elif article is not None:
            articles.append(article)
    return articles, problems + _duplicates(articles)


def _duplicates(articles: List[ArticleContent]) -> List[str]:
    problems: List[str] = []
    seen: Dict[str, str] = {}
    for article in articles:
        if article.topic in seen:
            problems.append(f"{article.path}: duplicate topic '{article.topic}' (already in {seen[article.topic]})")
        else:
            seen[article.topic] = article.path
    return problems


def _check_collection(articles: List[ArticleContent], required: Iterable[str]) -> List[str]:
    problems: List[str] = []
    seen = {article.topic for article in articles}
    for article in articles:
        for topic in article.related:
            if topic not in seen:
                problems.append(f"{article.path}: related topic '{topic}' has no article")
    for topic in sorted(set(required) - set(seen)):
        problems.append(f"missing article for required topic '{topic}' (the bot maps an intent or reply to it)")
    urls: Dict[str, Tuple[Optional[str], str]] = {}
    for article in articles:
        for source in article.sources:
            if source.citation in urls and urls[source.citation][0] != source.url:
                other_url, other_path = urls[source.citation]
                problems.append(
                    f"{article.path}: source '{_clip(source.citation)}' has url {source.url!r} "
                    f"but {other_path} gives {other_url!r}; use one url per citation"
                )
            urls.setdefault(source.citation, (source.url, article.path))
    return problems


CLINIC_TOPICS_FILE = "clinic_topics.yml"


def read_clinic_topics(directory: Path) -> Tuple[FrozenSet[str], List[str]]:
    """Topic keys a clinic added beside the articles (``clinic_topics.yml``: a YAML list of keys).

    This is how a clinic adds a new entry without touching code or retraining;
    the file is optional and every key must look like ``flare_rate``.
    """
    path = Path(directory) / CLINIC_TOPICS_FILE
    if not path.is_file():
        return frozenset(), []
    try:
        keys = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        return frozenset(), [f"{CLINIC_TOPICS_FILE}: cannot read it as a YAML list ({exc.__class__.__name__})"]
    if not isinstance(keys, list):
        return frozenset(), [f"{CLINIC_TOPICS_FILE}: must be a YAML list of topic keys, like '- tattoos'"]
    bad = [key for key in keys if not isinstance(key, str) or not _TOPIC_KEY.match(key)]
    if bad:
        return frozenset(), [f"{CLINIC_TOPICS_FILE}: {bad[0]!r} is not a lower-case key like 'flare_rate'"]
    return frozenset(keys), []


def parse_article_file(
    path: Path, known_topics: Optional[AbstractSet[str]] = KNOWN_TOPICS, default_author: str = "flarecare"
) -> Tuple[Optional[ArticleContent], List[str]]:
    """Return (article, []) for a valid file, or (None, problems)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{name}: cannot read file as UTF-8 ({exc.__class__.__name__})"]
    return parse_article_text(text, name, known_topics, default_author)


def parse_article_text(
    text: str, name: str, known_topics: Optional[AbstractSet[str]] = KNOWN_TOPICS, default_author: str = "flarecare"
) -> Tuple[Optional[ArticleContent], List[str]]:
    """Parse one article; ``known_topics=None`` accepts any well-formed key (the clinic folder)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = _split_front_matter(text)
    if split is None:
        return None, [f"{name}: no YAML front matter (the file must start with '---' and close it with '---')"]
    raw_meta, body = split
    try:
        meta = yaml.safe_load(raw_meta)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{name}: bad YAML in front matter{line}: {problem}"]
    except ValueError as exc:  # PyYAML builds dates eagerly: 2026-02-30 fails here
        return None, [f"{name}: bad date in front matter ({exc}); use a real date like 2026-11-25"]
    except Exception as exc:  # noqa: BLE001 - any other parser failure is still bad YAML
        return None, [f"{name}: bad YAML in front matter ({exc.__class__.__name__})"]
    if not isinstance(meta, dict):
        return None, [f"{name}: front matter must be a YAML mapping of fields"]

    problems: List[str] = []

    def bad(problem: str) -> None:
        problems.append(f"{name}: {problem}")

    for key in sorted(set(map(str, meta)) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS)):
        bad(f"unknown field '{key}' (allowed: {', '.join(_REQUIRED_KEYS + _OPTIONAL_KEYS)})")
    for key in _REQUIRED_KEYS:
        if meta.get(key) in (None, "", [], {}):
            bad(f"missing field '{key}'" if key != "sources" else "missing source: 'sources' needs at least one citation")

    topic = meta.get("topic")
    if topic not in (None, ""):
        if not isinstance(topic, str) or not _TOPIC_KEY.match(topic):
            bad(f"topic {topic!r} must be a lower-case key like 'flare_rate'")
        elif known_topics is not None and topic not in known_topics:
            bad(f"unknown topic '{topic}' (list it in {CLINIC_TOPICS_FILE} beside the articles first)")

    title = _text_field(meta, "title", 200, bad)
    reviewer = _text_field(meta, "reviewer", 200, bad)
    see_doctor = _text_field(meta, "see_doctor", 1000, bad) if meta.get("see_doctor") is not None else None
    if "see_doctor" in meta and meta.get("see_doctor") is None:
        bad("see_doctor is empty: leave the field out if no doctor line applies")
    source_line = _text_field(meta, "source_line", 300, bad) if meta.get("source_line") is not None else None
    author = meta.get("author", default_author)
    if author not in AUTHORS:
        bad(f"author {author!r} must be one of: {', '.join(AUTHORS)}")
    related = _related_field(meta.get("related"), topic, bad)
    language = meta.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        bad(f"language {language!r} must be a code like 'en' or 'pt-BR'")

    reviewed_on = _date_field(meta.get("reviewed_on"), bad)
    sources = _sources_field(meta.get("sources"), bad)
    questions = _string_list(meta.get("questions"), "questions", 500, bad)
    tags = tuple(t.lower() for t in _string_list(meta.get("tags") or [], "tags", 64, bad))

    sections = _sections(body, bad)
    short = sections.get("short_answer", "")
    long = sections.get("long_answer", "")
    if not short:
        bad("empty answer: '## Short answer' section is missing or empty")
    elif count_words(short) > SHORT_ANSWER_MAX_WORDS:
        bad(f"short answer has {count_words(short)} words; the limit is {SHORT_ANSWER_MAX_WORDS}")
    if not long:
        bad("empty answer: '## More' section is missing or empty")

    if problems:
        return None, problems
    return (
        ArticleContent(
            path=name,
            topic=topic,
            title=title,
            short_answer=short,
            long_answer=long,
            reviewed_on=reviewed_on,
            reviewer=reviewer,
            sources=sources,
            questions=questions,
            tags=tags,
            see_doctor=see_doctor,
            language=language,
            related=related,
            author=author,
            source_line=source_line or None,
        ),
        [],
    )


def _split_front_matter(text: str) -> Optional[Tuple[str, str]]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    return None


def _text_field(meta: Dict[str, Any], key: str, max_len: int, bad) -> str:
    value = meta.get(key)
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not value.strip():
        bad(f"{key} must be text")
        return ""
    value = " ".join(value.split())
    if len(value) > max_len:
        bad(f"{key} is longer than {max_len} characters")
    return value


def _date_field(value: Any, bad) -> Optional[date]:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        bad(f"bad date: reviewed_on {value!r} must be a date like 2026-11-25, without a time")
        return None
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value).strip())
        except ValueError:
            bad(f"bad date: reviewed_on {value!r} is not a real date like 2026-11-25")
            return None
    if parsed > date.today():
        bad(f"bad date: reviewed_on {parsed.isoformat()} is in the future")
        return None
    return parsed


def _related_field(value: Any, topic: Any, bad) -> Tuple[str, ...]:
    """Up to MAX_RELATED other topic keys, in the order the author wants them offered."""
    if value in (None, []):
        return ()
    if not isinstance(value, list):
        bad("related must be a list of topic keys, like [flare_meaning, prevention]")
        return ()
    keys: List[str] = []
    for item in value:
        if not isinstance(item, str) or not _TOPIC_KEY.match(item):
            bad(f"related {item!r} is not a lower-case topic key like 'flare_rate'")
        elif item == topic:
            bad("related lists the article's own topic")
        elif item in keys:
            bad(f"related repeats '{item}'")
        else:
            keys.append(item)
    if len(keys) > MAX_RELATED:
        bad(f"related lists {len(keys)} topics; at most {MAX_RELATED} are offered")
    return tuple(keys)


def _sources_field(value: Any, bad) -> Tuple[SourceRef, ...]:
    if value in (None, "", []):
        return ()
    if not isinstance(value, list):
        bad("sources must be a list of {citation, url} entries")
        return ()
    refs: List[SourceRef] = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, dict):
            bad(f"source #{i} must be a mapping with 'citation' (and optional 'url')")
            continue
        extra = set(map(str, item)) - {"citation", "url"}
        if extra:
            bad(f"source #{i} has unknown field(s) {', '.join(sorted(extra))}")
        citation = item.get("citation")
        if not isinstance(citation, str) or not citation.strip():
            bad(f"missing source: source #{i} has no citation")
            continue
        citation = " ".join(citation.split())
        if len(citation) > 500:
            bad(f"source #{i} citation is longer than 500 characters")
        url = item.get("url")
        if url in (None, ""):
            url = None
        elif not isinstance(url, str) or not re.match(r"^https?://\S+$", url.strip()) or len(url) > 500:
            bad(f"source #{i} url {url!r} must be an http(s) address (or leave it empty)")
            url = None
        else:
            url = url.strip()
        if any(r.citation == citation for r in refs):
            bad(f"source #{i} repeats citation '{_clip(citation)}'")
            continue
        refs.append(SourceRef(citation=citation, url=url))
    return tuple(refs)


def _string_list(value: Any, key: str, max_len: int, bad) -> Tuple[str, ...]:
    if value in (None, "", []):
        return ()
    if not isinstance(value, list):
        bad(f"{key} must be a list of text")
        return ()
    items: List[str] = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, (str, int, float)) or isinstance(item, bool) or not str(item).strip():
            bad(f"{key} #{i} must be non-empty text")
            continue
        text = " ".join(str(item).split())
        if len(text) > max_len:
            bad(f"{key} #{i} is longer than {max_len} characters")
        elif text.lower() in (x.lower() for x in items):
            bad(f"{key} #{i} repeats '{_clip(text)}'")
        else:
            items.append(text)
    return tuple(items)


def _sections(body: str, bad) -> Dict[str, str]:
    sections: Dict[str, List[str]] = {}
    current: Optional[str] = None
    stray = False
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            heading = match.group(1).strip().lower()
            key = _SECTIONS.get(heading)
            if key is None:
                bad(f"unknown section '## {match.group(1).strip()}' (use '## Short answer' and '## More')")
                current = None
                continue
            if key in sections:
                bad(f"section '## {match.group(1).strip()}' appears twice")
            sections[key] = []
            current = key
        elif current is not None:
            sections[current].append(line.rstrip())
        elif line.strip():
            stray = True
    if stray:
        bad("text before the first section: put it under '## Short answer' or '## More'")
    return {key: "\n".join(lines).strip() for key, lines in sections.items()}


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
