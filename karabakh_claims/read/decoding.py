"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, legacy single-byte encodings.

Legacy text is identified with charset-normalizer; windows-1252 is preferred whenever charset-normalizer
finds it plausible (it often ranks look-alike code pages first for Western text). Bytes that no encoding
reads cleanly raise `UndecodableError` instead of being guessed into garbage; so does UTF-8 text damaged
by a few invalid bytes (most of its non-ASCII characters are valid UTF-8), which a legacy code page would
turn into mojibake ("JosÃ©"), and UTF-16 without a byte order mark.

A mostly-ASCII file gives charset-normalizer little to go on: its few other bytes are kept only when
they read as text in the encoding found (no control characters, words of one script in one case
pattern: "café", "Müller", "ÉTATS"). Otherwise they are not guessed: each becomes U+FFFD, the ASCII is
kept, and `decode_text` says so in its warning ("ÿþÃ(" or C1 controls amid English text are bytes of
something else, and read as windows-1251 they would hide the figures around them).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
PREFERRED_LEGACY = ("cp1252", "latin_1")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01
DAMAGED_UTF8_RATIO = 4
"""UTF-8 with at least this many valid multi-byte characters per invalid sequence is damaged UTF-8."""
UTF16_NUL_SHARE = 0.9
MOSTLY_ASCII_SHARE = 0.9
"""A file with at least this share of ASCII bytes is mostly ASCII: its other bytes must read as text."""
WORD = re.compile(r"[^\W\d_]+")


class Decoded(NamedTuple):
    """The text, and a one-line warning when some bytes were not text and became U+FFFD."""

    text: str
    warning: str | None = None


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the message is the reason for the user."""


def decode_bytes(data: bytes) -> str:
    """The text `data` holds, without its byte order mark."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """The text `data` holds, without its byte order mark, and a warning when bytes became U+FFFD."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return Decoded(_checked(_decode_strict(data[len(bom):], encoding)))
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise UndecodableError("cannot decode as text: UTF-16 without a byte order mark (save it as UTF-8)")
        raise UndecodableError("binary file (contains NUL bytes)")
    try:
        return Decoded(_checked(data.decode("utf-8")))
    except UnicodeDecodeError as error:
        if _is_damaged_utf8(data):
            raise UndecodableError(f"cannot decode as text: invalid UTF-8 at byte {error.start}") from None
    if _is_mostly_ascii(data):
        try:
            text = _decode_legacy(data)
        except UndecodableError:
            text = None
        if text is None or not _reads_as_text(text):
            return _ascii_kept(data)
        return Decoded(_checked(text))
    return Decoded(_checked(_decode_legacy(data)))


def _is_mostly_ascii(data: bytes) -> bool:
    return sum(1 for byte in data if byte < 0x80) >= MOSTLY_ASCII_SHARE * len(data)


def _reads_as_text(text: str) -> bool:
    """Whether the non-ASCII characters of `text` read as text: no control or unassigned character,
    and every word holding one is of one script and in lower, upper or title case."""
    if any(unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") for char in text if char > "\x7f"):
        return False
    for match in WORD.finditer(text):
        word = match[0]
        if word.isascii():
            continue
        scripts = {unicodedata.name(char, "?").split()[0] for char in word}
        if len(scripts) > 1 or not (word.islower() or word.isupper() or word.istitle()):
            return False
    return True


def _ascii_kept(data: bytes) -> Decoded:
    """The ASCII of `data`, every other byte U+FFFD, with the warning that says how many and where."""
    bad = [i for i, byte in enumerate(data) if byte > 0x7f]
    warning = (f"{len(bad)} byte(s) that are not text in any encoding read as U+FFFD (the first at byte "
               f"{bad[0]}); the rest is ASCII")
    return Decoded(_checked(data.decode("ascii", errors="replace")), warning)


def _is_damaged_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8 with a few invalid bytes rather than text in a legacy code page."""
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    valid = sum(1 for char in decoded if char > "\x7f") - invalid
    return valid >= DAMAGED_UTF8_RATIO * max(invalid, 1)


def _looks_like_utf16(data: bytes) -> bool:
    """Whether `data` has the NUL byte every other byte that UTF-16 gives Latin text."""
    if len(data) < 8 or len(data) % 2:
        return False
    share = max(data[0::2].count(0), data[1::2].count(0)) / (len(data) // 2)
    return share >= UTF16_NUL_SHARE


def _decode_strict(data: bytes, encoding: str) -> str:
    """`data` decoded with `encoding`, or UndecodableError naming it."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(f"cannot decode as text: invalid {encoding} at byte {error.start}") from None


def _decode_legacy(data: bytes) -> str:
    """`data` decoded with the single-byte encoding charset-normalizer finds plausible."""
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableError("cannot decode as text: not UTF-8 and no plausible legacy encoding")
    plausible = {name for match in matches for name in match.could_be_from_charset}
    for encoding in PREFERRED_LEGACY:
        if encoding in plausible:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return _decode_strict(data, matches[0].encoding)


def _checked(text: str) -> str:
    """`text` unless control characters show it is binary data read as text."""
    if not text:
        return text
    controls = sum(1 for _ in CONTROL_CHARS.finditer(text))
    if "\x00" in text or controls / len(text) > MAX_CONTROL_SHARE:
        raise UndecodableError("cannot decode as text: binary data (control characters)")
    return text
