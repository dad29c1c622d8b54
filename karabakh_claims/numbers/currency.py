"""Currency: symbols, ISO codes and currency names before or after an amount ("$11.5 million",
"US$5", "RM45", "5 euros", "£3bn", "10 million pounds"), read as ISO 4217 codes ("BTC" for
bitcoin); also the percent sign or word after a number, the other unit written after it."""

from __future__ import annotations

import re

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.numerals import PERCENT_AFTER

_CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "u.s$": "USD", "usd$": "USD", "$us": "USD",
    "a$": "AUD", "$a": "AUD", "au$": "AUD", "$au": "AUD", "aud$": "AUD",
    "c$": "CAD", "ca$": "CAD", "$c": "CAD", "cad$": "CAD",
    "nz$": "NZD", "$nz": "NZD", "nzd$": "NZD", "hk$": "HKD", "$hk": "HKD", "s$": "SGD",
    "r$": "BRL", "mex$": "MXN", "mxn$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₽": "RUB", "֏": "AMD", "₿": "BTC", "元": "CNY", "₾": "GEL", "₺": "TRY", "₩": "KRW",
    "₪": "ILS", "rm": "MYR", "rs": "INR", "rs.": "INR", "nis": "ILS", "rmb": "CNY",
    "dollar": "USD", "dollars": "USD",
}
_ISO_CODES = (
    "USD|EUR|GBP|JPY|AUD|CAD|CHF|CNY|RMB|INR|AMD|AZN|RUB|TRY|GEL|NZD|HKD|SGD|MYR|ILS|BTC|"
    "MXN|BRL|ZAR|SEK|NOK|DKK|KRW|IRR|UAH|KZT"
)
_CURRENCY_WORDS = {
    "dollar": "USD", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "australian dollar": "AUD", "canadian dollar": "CAD", "new zealand dollar": "NZD",
    "hong kong dollar": "HKD", "singapore dollar": "SGD", "taiwan dollar": "TWD",
    "euro": "EUR", "pound sterling": "GBP", "sterling": "GBP", "yen": "JPY",
    "japanese yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY",
    "rupee": "INR", "indian rupee": "INR", "rouble": "RUB", "ruble": "RUB",
    "russian rouble": "RUB", "russian ruble": "RUB", "dram": "AMD", "armenian dram": "AMD",
    "manat": "AZN", "azerbaijani manat": "AZN", "lari": "GEL", "georgian lari": "GEL",
    "shekel": "ILS", "swiss franc": "CHF", "franc": "CHF", "danish crown": "DKK",
    "danish krone": "DKK", "swedish krona": "SEK", "swedish kronor": "SEK",
    "norwegian krone": "NOK", "ringgit": "MYR", "rand": "ZAR", "baht": "THB",
    "lira": "TRY", "turkish lira": "TRY", "mexican peso": "MXN", "peseta": "ESP",
    "markka": "FIM", "finnish markka": "FIM", "guilder": "NLG", "dutch guilder": "NLG",
    "hryvnia": "UAH", "tenge": "KZT", "rial": "IRR", "iranian rial": "IRR", "bitcoin": "BTC",
}
_CURRENCY_WORD_AFTER = re.compile(
    r"\s(?i:(?:"
    + "|".join(re.escape(k) for k in sorted(_CURRENCY_WORDS, key=len, reverse=True))
    + r")(?:s|es)?)\b"
)
_POUNDS_AFTER = re.compile(r"\s(?i:pounds?)(?:\s(?i:sterling))?\b")
_CURRENCY_CODE_AFTER = re.compile(rf"\s?(?:{_ISO_CODES})\b|\s(?i:usd|eur|gbp|rmb|btc)\b")
_CURRENCY_SIGN_AFTER = re.compile(r"\s?[€$£¥₹₽֏₾元₺₩₪]")
CURRENCY_BEFORE = re.compile(
    r"""(?:
        \b(?i:u\.?s\.?|usd|au|aud|nz|nzd|hk|c|ca|cad|mex|mxn)\s?\$
      | (?<![A-Za-z])[SAR]\s?\$
      | \$\s?(?:US|AU|NZ|HK|A|C)
      | [$€£¥₹₽֏₿元₾₺₩₪]
      | (?<![A-Za-z])(?:""" + _ISO_CODES + r"""|RM|Rs\.?|NIS)
      | \b(?i:usd|eur|gbp|rmb|dollars?)\s
    )\s?\Z""",
    re.VERBOSE,
)


def read_unit_after(mention: Mention, text: str) -> None:
    """Extend over a percent sign/word or a currency written after the number."""
    end = mention.end
    if match := PERCENT_AFTER.match(text, end):
        mention.kind, mention.unit, mention.end = "percent", "%", match.end()
    elif match := _CURRENCY_SIGN_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _CURRENCY_SYMBOLS.get(match.group().strip(), "USD")
    elif match := _CURRENCY_CODE_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _iso_code(match.group().strip())
    elif match := _CURRENCY_WORD_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _currency_word_code(match.group().strip())
    elif (match := _POUNDS_AFTER.match(text, end)) and (
        mention.scale > 1 or "sterling" in match.group().lower()
    ):
        mention.kind, mention.unit, mention.end = "money", "GBP", match.end()
    else:
        return
    mention.bare = False


def _iso_code(code: str) -> str:
    code = code.upper()
    return "CNY" if code == "RMB" else code


def _currency_word_code(words: str) -> str:
    """ISO code of a currency name as written ("Australian dollars" -> AUD)."""
    key = re.sub(r"\s+", " ", words.lower())
    for candidate in (key, key.removesuffix("es"), key.removesuffix("s")):
        if candidate in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[candidate]
    return "USD"


def currency_prefix_code(written: str) -> str:
    """ISO code of a currency written before the number ("US$", "€", "RM", "USD")."""
    key = re.sub(r"\s+", "", written).lower()
    if key in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[key]
    return _iso_code(key)
