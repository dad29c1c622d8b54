"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, legacy single-byte encodings.

Legacy text is identified with charset-normalizer; windows-1252 is preferred whenever charset-normalizer
finds it plausible (it often ranks look-alike code pages first for Western text). Bytes that no encoding
reads cleanly raise `UndecodableError` instead of being guessed into garbage; so does UTF-8 text damaged
by a few invalid bytes (most of its non-ASCII characters are valid UTF-8), which a legacy code page would
turn into mojibake ("JosÃ©"), and UTF-16 without a byte order mark.
"""

from __future__ import annotations

import codecs
import re

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


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the message is the reason for the user."""


def decode_bytes(data: bytes) -> str:
    """The text `data` holds, without its byte order mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(_decode_strict(data[len(bom):], encoding))
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise UndecodableError("cannot decode as text: UTF-16 without a byte order mark (save it as UTF-8)")
        raise UndecodableError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        if _is_damaged_utf8(data):
            raise UndecodableError(f"cannot decode as text: invalid UTF-8 at byte {error.start}") from None
    return _checked(_decode_legacy(data))


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
