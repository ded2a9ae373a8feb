"""Reading an article file and its metadata.

An article is ``<id>.txt`` (UTF-8 plain text) with an optional ``<id>.meta`` YAML sidecar, or a
file that carries its own small header (``key: value`` lines, then ``---``, as in the devset).
Offsets everywhere index the decoded text *as read* (the whole file, header included), so
``text[start:end]`` is always the quoted evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 64 * 1024 * 1024
SIDECAR_KEYS = {"headline", "outlet", "url", "language", "published", "author", "notes"}
HEADER_KEYS = {"url", "language", "date", "published", "headline", "outlet", "author"}
_HEADER_LINE = re.compile(r"^([a-z_]+):[ \t]*(.*)$")


class ArticleError(Exception):
    """An article that cannot be read; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass
class RawArticle:
    """A decoded article before extraction."""

    id: str
    path: str
    text: str
    body_start: int
    meta: dict = field(default_factory=dict)
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Anything else is refused with the byte offset of the first bad byte, rather than guessed.

    >>> decode("कानपुर".encode(), "a.txt")[0]
    'कानपुर'
    >>> decode(b"\\xff\\xfeK\\x00", "a.txt")[0]
    'K'
    """
    warnings: list[str] = []
    if not data.strip():
        raise ArticleError(path, "the file is empty or holds only whitespace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ArticleError(path, f"UTF-16 text with a bad sequence at byte {e.start}") from None
        warnings.append(f"{path}: decoded as UTF-16 (byte-order mark found)")
    else:
        if b"\x00" in data[:8192]:
            raise ArticleError(path, "binary data (NUL bytes), not a text article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ArticleError(
                path,
                f"not valid UTF-8 (bad byte 0x{data[e.start]:02x} at offset {e.start}); "
                "save the article as UTF-8",
            ) from None
    if text.lstrip()[:1] == "<" and re.search(r"</?(html|body|div|p|script)\b", text[:4000], re.I):
        warnings.append(f"{path}: looks like HTML pasted as text; markup is ignored")
    if not text.strip():
        raise ArticleError(path, "the file is empty or holds only whitespace")
    controls = sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\n\r\t")
    if controls > 20:
        raise ArticleError(path, f"binary data ({controls} control characters), not a text article")
    return text, warnings


def split_header(text: str) -> tuple[dict, int]:
    """A leading ``key: value`` block closed by ``---`` is metadata; return it and where the body starts.

    >>> split_header("url: x\\nlanguage: hi\\n---\\nबॉडी")
    ({'url': 'x', 'language': 'hi'}, 24)
    >>> split_header("No header here")
    ({}, 0)
    """
    lines = text.split("\n")
    meta: dict = {}
    offset = 0
    for i, line in enumerate(lines[:20]):
        if line.strip() == "---" and meta:
            return meta, offset + len(line) + 1
        m = _HEADER_LINE.match(line.rstrip("\r"))
        if not m or m.group(1) not in HEADER_KEYS:
            return {}, 0
        meta[m.group(1)] = m.group(2).strip()
        offset += len(line) + 1
    return {}, 0


def read_sidecar(path: Path) -> dict:
    """Read and check a ``.meta`` sidecar; unknown keys and wrong types are errors."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ArticleError(path, f"cannot read the sidecar: {e}") from None
    except yaml.YAMLError as e:
        raise ArticleError(path, f"the sidecar is not valid YAML: {str(e).splitlines()[0]}") from None
    except ValueError as e:  # PyYAML converts 2026-02-30 to a date while parsing, and raises
        raise ArticleError(path, f"the sidecar has an invalid value (a date that does not exist?): {e}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArticleError(path, "the sidecar must be a mapping of keys to values")
    unknown = sorted(set(map(str, data)) - SIDECAR_KEYS)
    if unknown:
        raise ArticleError(
            path, f"unknown sidecar key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(SIDECAR_KEYS))}"
        )
    for key, value in data.items():
        if key == "published":
            if value is not None and not isinstance(value, dt.date):
                parsed = _iso_date(str(value))
                if parsed is None:
                    raise ArticleError(path, f"'published' must be a date YYYY-MM-DD, got {value!r}")
                data[key] = parsed
        elif value is not None and not isinstance(value, str):
            raise ArticleError(path, f"'{key}' must be text, got {type(value).__name__} {value!r}")
    if data.get("language") not in (None, "hi", "en", "mixed"):
        raise ArticleError(path, f"'language' must be hi, en or mixed, got {data['language']!r}")
    return data


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def read_article(path: Path | str) -> RawArticle:
    """Read one article file (and its sidecar, if any).

    Raises
    ------
    ArticleError
        When the file is missing, empty, binary, too large or not UTF-8/UTF-16, or the sidecar is malformed.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ArticleError(path, f"cannot read the file: {e.strerror}") from None
    if size > MAX_BYTES:
        raise ArticleError(path, f"the file is {size // (1024 * 1024)} MB; articles over {MAX_BYTES // (1024 * 1024)} MB are refused")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ArticleError(path, f"cannot read the file: {e.strerror}") from None
    text, warnings = decode(data, path)
    header, body_start = split_header(text)
    meta = {}
    if header:
        meta["url"] = header.get("url") or None
        meta["language"] = header.get("language") or None
        date = header.get("published") or header.get("date")
        meta["published"] = _iso_date(date) if date else None
        for key in ("headline", "outlet", "author"):
            if header.get(key):
                meta[key] = header[key]
    sidecar = path.with_suffix(".meta")
    if sidecar.exists():
        meta.update({k: v for k, v in read_sidecar(sidecar).items() if v is not None})
    return RawArticle(
        id=path.stem,
        path=str(path),
        text=text,
        body_start=body_start,
        meta=meta,
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
    )
