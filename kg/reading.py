"""Reading an article file and its metadata.

An article is ``<id>.txt`` (UTF-8 plain text) with an optional ``<id>.meta`` YAML sidecar, or a
file that carries its own small header (``key: value`` lines, then ``---``, as in the devset).
Offsets everywhere index the decoded text *as read* (the whole file, header included), so
``text[start:end]`` is always the quoted evidence.

What is refused, each with an ``ArticleError`` naming the file and the problem: files over
``MAX_BYTES`` (extraction runs at about 100 KB/s, so the limit keeps one article under about half
a minute), anything that is not a regular file, empty or whitespace-only files, binary data,
UTF-8 with a bad or truncated sequence (with a hint when the bytes read as Windows-1252/Latin-1),
UTF-16 without a byte-order mark, and mojibake (UTF-8 that was read as Windows-1252 and saved
again). A saved HTML page is read with its markup blanked: tags, scripts, styles and comments
become spaces (line breaks for block tags) and character references their character padded with
spaces, so every offset still indexes the file's text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 2 * 1024 * 1024  # about 20 s of extraction; larger files are refused, never cut
MAX_SIDECAR_BYTES = 64 * 1024
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
            if e.reason == "truncated data":
                raise ArticleError(path, f"UTF-16 text that ends in the middle of a character ({len(data)} bytes, "
                                         "an odd number); it looks truncated") from None
            raise ArticleError(path, f"UTF-16 text with a bad sequence at byte {e.start}") from None
        warnings.append(f"{path}: decoded as UTF-16 (byte-order mark found)")
    else:
        if b"\x00" in data[:8192]:
            if _utf16_without_bom(data):
                raise ArticleError(path, "UTF-16 text without a byte-order mark; save the article as UTF-8")
            raise ArticleError(path, "binary data (NUL bytes), not a text article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ArticleError(path, _utf8_problem(data, e)) from None
    if not text.strip():
        raise ArticleError(path, "the file is empty or holds only whitespace")
    controls = len(_CONTROLS.findall(text, 0, 4000))
    if controls > 20:
        raise ArticleError(path, f"binary data ({controls} control characters), not a text article")
    bad = mojibake(text)
    letters = [(seen, fixed) for seen, fixed in bad if any(c.isalpha() for c in fixed)]
    if len(letters) >= 3:  # words are garbled: what would be extracted is nonsense
        seen, fixed = letters[0]
        raise ArticleError(
            path,
            f"mojibake: UTF-8 text that was read as Windows-1252/Latin-1 and saved again "
            f"({len(letters)} garbled letters, e.g. {seen!r} for {fixed!r}); save the original UTF-8 text",
        )
    if bad:  # only punctuation (â€™ for ’) or a stray letter: readable, but say so
        seen, fixed = bad[0]
        warnings.append(f"{path}: {len(bad)} place(s) of mojibake (e.g. {seen!r} for {fixed!r}); "
                        "the text was probably read as Windows-1252 once")
    if text.lstrip()[:1] == "<" and re.search(r"</?(html|head|body|div|p|script|meta|span)\b", text[:4000], re.I):
        text, blanked = blank_markup(text)
        warnings.append(f"{path}: an HTML page, not plain text; its markup ({blanked} tags, scripts, styles "
                        "and comments) is blanked and only the text is read")
        if not text.strip():
            raise ArticleError(path, "an HTML page with no text outside its markup")
    return text, warnings


# control characters other than \t \n \f \r, counted in C by a regex (a Python loop over characters showed in profiles)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _utf8_problem(data: bytes, e: UnicodeDecodeError) -> str:
    """What is wrong with bytes that do not decode as UTF-8, and what to do about it."""
    if e.reason == "unexpected end of data":
        return (f"not valid UTF-8: the file ends in the middle of a character (at byte {e.start} of "
                f"{len(data)}); it looks truncated: save the whole article as UTF-8")
    hint = ""
    try:
        data.decode("cp1252")
        hint = "; the file looks like Windows-1252/Latin-1 text"
    except UnicodeDecodeError:
        pass
    return f"not valid UTF-8 (bad byte 0x{data[e.start]:02x} at offset {e.start}{hint}); save the article as UTF-8"


def _utf16_without_bom(data: bytes) -> bool:
    """Whether bytes with NULs read as UTF-16 text (letters, spaces, line breaks) in either byte order."""
    sample = data[:8192 - (8192 % 2)] if len(data) >= 8192 else data[: len(data) - len(data) % 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if text and sum(1 for c in text if c.isprintable() or c in "\n\r\t") >= 0.95 * len(text):
            return True
    return False


# A letter of U+00C0..U+00FF followed by what UTF-8 continuation bytes look like in Windows-1252.
_MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")


def mojibake(text: str, limit: int = 200_000) -> list[tuple[str, str]]:
    """Places in the first ``limit`` characters where UTF-8 was read as Windows-1252/Latin-1:
    ``(what the text has, what it meant)``.

    >>> mojibake("à¤•à¤¾à¤¨à¤ªà¥à¤° in Kanpur")[:2]
    [('à¤•', 'क'), ('à¤¾', 'ा')]
    >>> mojibake("Café owners — naïve résumé")
    []
    """
    found = []
    for m in _MOJIBAKE.finditer(text, 0, limit):
        raw = bytearray()
        for c in m.group():
            try:
                raw += c.encode("cp1252")
            except UnicodeEncodeError:
                raw += c.encode("latin-1", "replace")
        try:
            fixed = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.append((m.group(), fixed))
    return found


_HTML_HIDDEN = re.compile(r"<(script|style|noscript|template|svg|iframe|object)\b[^>]*>.*?</\1\s*>"
                          r"|<!--.*?(?:-->|$)|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>", re.I | re.S)
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
_HTML_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_BREAKS = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                "title", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
                "figure", "figcaption", "dd", "dt", "hr", "html", "head", "body", "form", "option", "select"}


def blank_markup(text: str) -> tuple[str, int]:
    """HTML markup replaced by spaces of the same length (a line break first for block tags), and
    character references by their character padded with spaces; returns the text and the number
    of pieces of markup blanked. Every offset into the result is an offset into ``text``.

    >>> blank_markup("<p>Agra &amp; Kanpur</p><script>x()</script>")
    ('\\n  Agra &     Kanpur\\n                       ', 3)
    """
    count = 0

    def blank(m: re.Match) -> str:
        nonlocal count
        count += 1
        out = "".join("\n" if c == "\n" else " " for c in m.group())
        name = (m.group(1) or "").lower() if m.re is _HTML_TAG else "block"
        if name in _HTML_BREAKS and "\n" not in out:
            out = "\n" + out[1:]
        return out

    def ref(m: re.Match) -> str:
        char = html.unescape(m.group())
        return char + " " * (len(m.group()) - 1) if len(char) == 1 else m.group()

    text = _HTML_HIDDEN.sub(blank, text)
    text = _HTML_TAG.sub(blank, text)
    return _HTML_REF.sub(ref, text), count


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


# libyaml parses a sidecar about ten times faster than PyYAML's pure-Python parser. The two part
# ways on tabs and byte-order marks inside a document and word their errors differently, so such
# texts, and every text libyaml refuses, go to the pure parser: the result is what it always was.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _load_yaml(text: str):
    if _FAST_LOADER is not None and "\t" not in text and "\ufeff" not in text:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def read_sidecar(path: Path) -> dict:
    """Read and check a ``.meta`` sidecar; unknown keys and wrong types are errors."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(path, "cannot read the sidecar: it is not a regular file")
        size = info.st_size
        if size > MAX_SIDECAR_BYTES:
            raise ArticleError(path, f"the sidecar is {size:,} bytes; sidecars over {MAX_SIDECAR_BYTES // 1024} KB "
                                     "are refused (it should hold a few lines of metadata)")
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ArticleError(path, f"cannot read the sidecar: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise ArticleError(path, f"the sidecar is not valid UTF-8 (bad byte 0x{e.object[e.start]:02x} at offset "
                                 f"{e.start}); save it as UTF-8") from None
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


def too_large(path: Path | str, size: int) -> ArticleError:
    """The error for an article of ``size`` bytes over ``MAX_BYTES``."""
    return ArticleError(path, f"the file is too large ({size / (1024 * 1024):.1f} MB); articles over "
                              f"{MAX_BYTES // (1024 * 1024)} MB are refused (extraction would take minutes): "
                              "split it into articles or save only the article's text")


def read_bytes(path: Path | str) -> bytes:
    """The bytes of an article file: a regular file of at most ``MAX_BYTES``, read without following
    a pipe or a device forever; ``ArticleError`` otherwise."""
    try:
        info = os.stat(path)  # before opening: opening a pipe would wait for a writer
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
            raise ArticleError(path, f"cannot read the file: it is {kind}, not a regular file")
        if info.st_size > MAX_BYTES:
            raise too_large(path, info.st_size)
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ArticleError(path, f"cannot read the file: {e.strerror}") from None
    if len(data) > MAX_BYTES:  # it grew while we read it
        raise too_large(path, len(data))
    return data


def read_article(path: Path | str) -> RawArticle:
    """Read one article file (and its sidecar, if any).

    Raises
    ------
    ArticleError
        When the file is missing, empty, binary, too large or not UTF-8/UTF-16, or the sidecar is malformed.
    """
    path = Path(path)
    data = read_bytes(path)
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
