"""PII detectors: find spans, never change text (Presidio's analyzer half).

Each detector is a function ``text -> Iterator[PiiSpan]``; validators
(IBAN mod-97, RIB key, Luhn) keep only real numbers. Overlaps are resolved by
one named policy (:func:`resolve_overlaps`), and :mod:`cocoscan.redact.operators`
applies the replacements. Spans are half-open, in code points of the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import regex

#: Entity kinds, in priority order for identical spans (earlier wins).
KINDS: tuple[str, ...] = (
    "EMAIL",
    "URL",
    "IBAN",
    "CARD",
    "WALLET",
    "PHONE",
    "HANDLE",
    "AUTHOR",
    "ADDRESS",
    "NAME",
    "NUMBER",
    "PLACE",
)
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One detected entity: kind, half-open span, detector name.

    ``value`` is the identifier used for keyed pseudonyms (the author name
    for ``AUTHOR``); it stays in memory and is never written.
    """

    kind: str
    start: int
    end: int
    detector: str
    value: str = ""


Detector = Callable[[str], Iterator[PiiSpan]]

_B = r"(?<![\w@])"  # left boundary: not inside a word, a handle or an e-mail
_E = r"(?![\w])"

_PHONE = regex.compile(
    rf"""{_B}(?:
        (?:\+|00)\s?33[\s.\-]?(?:\(0\)[\s.\-]?)?[1-9](?:[\s.\-]?\d{{2}}){{4}}  # +33
      | 0[1-9](?:[\s.\-]?\d{{2}}){{4}}  # 06 01 02 03 04
      | (?:\+|00)\s?[1-9]\d{{0,2}}(?:[\s.\-]?\(?\d{{1,4}}\)?){{2,5}}  # +44 20 7946
      | \(?\d{{3}}\)?[\s.\-]\d{{3}}[\s.\-]\d{{4}}  # (555) 010-1234
    ){_E}(?!\d)""",
    regex.VERBOSE,
)
_EMAIL = regex.compile(
    r"""(?<![\w.+\-])[\w.+\-]{1,64}
        (?:@|\s?[\[(]\s?(?:at|@|arobase)\s?[\])]\s?)
        [\w\-]{1,63}(?:(?:\.|\s?[\[(]\s?(?:dot|point)\s?[\])]\s?)[\w\-]{1,63})+""",
    regex.VERBOSE | regex.IGNORECASE,
)
_URL = regex.compile(
    r"""(?:https?://|www\.)[^\s<>"']+
      | (?<![\w.@])(?:discord\.gg|discord(?:app)?\.com/invite|t\.me|telegram\.me
          |wa\.me|chat\.whatsapp\.com|snapchat\.com/add|instagram\.com
          |tiktok\.com|onlyfans\.com|linktr\.ee|bit\.ly)/[^\s<>"']*""",
    regex.VERBOSE | regex.IGNORECASE,
)
_IBAN = regex.compile(
    r"(?<![\w])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?![\w])",
    regex.IGNORECASE,
)
_RIB = regex.compile(
    r"(?<![\w])(\d{5})[\s.\-]?(\d{5})[\s.\-]?([A-Z0-9]{11})[\s.\-]?(\d{2})(?![\w])",
    regex.IGNORECASE,
)
_CARD = regex.compile(r"(?<![\w])\d(?:[\s\-]?\d){12,18}(?![\w])")

_HANDLE_CUE = (
    r"(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tik\s?tok|tt|telegram|t[ée]l[ée]|tg"
    r"|kik|discord|wickr|signal|whats\s?app|wa|twitter|x|facebook|fb|messenger"
    r"|pseudo|username|user\s?name|identifiant|id|tag|gamer\s?tag|handle|psn|steam"
    r"|roblox|epic|venmo|cash\s?app|cashtag|paypal|lydia|revolut"
    r"|ajoute[\s\-]?(?:moi|moa|mw)|add\s+me|follow\s+me|suis[\s\-]?moi)"
)
_FILLER = (
    r"(?:on|sur|c'?est|c['’]est|cest|is|it'?s|=|:|->|→|-|mon|ma|my|me|moi|a|à|au"
    r"|at|le|la|en|svp|stp|pls|please|direct|vite|the|pseudo|username|id|nom)"
)
_HANDLE = regex.compile(
    rf"""(?<![\w]){_HANDLE_CUE}
        (?P<connect>(?:\s*(?:{_FILLER}|{_HANDLE_CUE}|,)(?![\w]))*|\s*[:=])\s*
        (?P<h>@?[A-Za-z0-9_][A-Za-z0-9_.\-]{{2,29}})""",
    regex.VERBOSE | regex.IGNORECASE,
)
_AT_HANDLE = regex.compile(
    r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.\-]{1,29}(?<![.\-])"
    r"|(?<![\w$])\$(?=[A-Za-z0-9_]*[a-z0-9])[A-Za-z][A-Za-z0-9_\-]{2,19}(?![\w])"
)
_WALLET = regex.compile(
    r"(?<![\w])(?:bc1[a-z0-9]{20,90}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}"
    r"|0x[a-fA-F0-9]{40}|T[1-9A-HJ-NP-Za-km-z]{33})(?![\w])"
)
_EXPLICIT = regex.compile(r"(?:c'?est|c['’]est|cest|is|it'?s|=|:)\s*$", regex.I)

_STREET = (
    r"(?:rue|avenue|av\.|boulevard|bd|bld|place|all[ée]e|impasse|chemin|route"
    r"|quai|cours|square|r[ée]sidence|lotissement)"
)
_ADDRESS = regex.compile(
    rf"""(?<![\w])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+{_STREET}\s+
          (?:(?:de|du|des|la|le|l['’]|d['’])\s*)*[\p{{L}}'’\-]+(?:\s[\p{{Lu}}][\p{{L}}'’\-]+){{0,3}}
          (?:,?\s+\d{{5}}(?:\s+[\p{{Lu}}][\p{{L}}\-]+)?)?
      | (?<![\w])\d{{1,5}}\s+(?:[A-Z][a-z]+\s){{1,3}}
          (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct)\b\.?
      | (?<![\w])\d{{5}}\s+[\p{{Lu}}][\p{{Ll}}]+
          (?:[\s\-][\p{{Lu}}][\p{{Ll}}]+)*(?![\w])""",
    regex.VERBOSE,
)
_INTRO = regex.compile(
    r"""(?:je\s+m['’]?\s?app?ell?e?|j['’]?\s?m['’]?app?ell?e?|jm'?appelle
          |mon\s+(?:pr[ée]nom|nom)\s+(?:c['’]?est|est)|my\s+name\s+is|my\s+name['’]?s
          |call\s+me|appelle[\s\-]moi)
        \s+(?P<n>[\p{L}][\p{L}'’\-]{1,24})""",
    regex.VERBOSE | regex.IGNORECASE,
)
_INTRO_CAPITAL = regex.compile(
    r"(?i:moi\s+c['’]?est|i['’]?m|i\s+am|c['’]est|ici)\s+"
    r"(?P<n>\p{Lu}[\p{Ll}'’\-]{1,24})(?![\w])"
)
_GREETING = regex.compile(
    r"(?i:salut|slt|coucou|cc|bonjour|bjr|bonsoir|hello|hi|hey|yo|wesh|dear|cher"
    r"|ch[èe]re)\s*,?\s+(?P<n>\p{Lu}[\p{L}'’\-]{1,24})(?![\w])"
)
_NUMBER = regex.compile(r"(?<![\w])\d(?:[\s.\-/]?\d){3,}(?![\w])")
_PLACE = regex.compile(
    r"(?:(?<![\w])(?i:à|a|at|in|near|vers|pr[eè]s\s+de|chez)\s+"
    r"(?P<p>\p{Lu}[\p{L}'’\-]+(?:[\s\-]\p{Lu}[\p{L}'’\-]+)*)"
    r"|(?i:habite|j['’]?habite|vis|live|living)\s+(?i:à|a|in|at|sur|vers)\s+"
    r"(?P<p>[\p{L}'’\-]{2,30}))",
)

#: Words that follow a cue but are not names or handles.
STOPWORDS = frozenset(
    """
    a à ah ai ait alors au aussi avec bah bas ben bien bon bonne c ca ça car ce cela
    ces cet cette chez comme dans de des deja déjà demain desole désolé dis du elle
    en encore es est et eu fait faire fais ici il ils je juste la là le les leur lui
    ma mais me meme même mes mdr moi mon n ne ni non nous on ou où oui par pas peu
    plus pour pourquoi quand que quel quelle qui quoi sa sais salut sans se ses si
    son sont stp sur svp ta te tes toi ton tout tres très tu un une vas va vous vrai
    y ok okay lol ptdr jsp
    about after again all also am an and any are as at be because been but by can
    could did do does done for from get go going good got had has have he her here
    him his how i if in into is it its just like me more my new no not now of off
    ok on one only or our out over please really right see she so some still such
    than that the their them then there they this to too up us very was we well
    were what when where which who why will with would yes you your sorry fine
    tired bored home back sure happy sad busy alone single new here there free
    """.split()  # noqa: SIM905
)


def _valid_iban(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


_RIB_LETTERS = {
    c: str(d)
    for d, letters in enumerate(
        ("", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ")
    )
    for c in letters
}


def _valid_rib(bank: str, branch: str, account: str, key: str) -> bool:
    account = "".join(_RIB_LETTERS.get(ch, ch) for ch in account.upper())
    if not account.isdigit():
        return False
    total = 89 * int(bank) + 15 * int(branch) + 3 * int(account)
    return 97 - total % 97 == int(key)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def detect_emails(text: str) -> Iterator[PiiSpan]:
    """E-mail addresses, including ``name (at) host (dot) org`` spellings."""
    for m in _EMAIL.finditer(text):
        yield PiiSpan("EMAIL", m.start(), m.end(), "email")


def detect_urls(text: str) -> Iterator[PiiSpan]:
    """URLs and bare invite links (discord.gg, t.me, wa.me...)."""
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"»":
            end -= 1
        yield PiiSpan("URL", m.start(), end, "url")


def detect_phones(text: str) -> Iterator[PiiSpan]:
    """French national and +33 numbers, international +CC numbers, NANP."""
    for m in _PHONE.finditer(text):
        count = len(_digits(m.group()))
        if 8 <= count <= 15:
            yield PiiSpan("PHONE", m.start(), m.end(), "phone", m.group())


def detect_ibans(text: str) -> Iterator[PiiSpan]:
    """IBANs (mod-97 checked) and French RIBs (RIB key checked)."""
    for m in _IBAN.finditer(text):
        if _valid_iban(m.group()):
            yield PiiSpan("IBAN", m.start(), m.end(), "iban")
    for m in _RIB.finditer(text):
        if _valid_rib(*m.groups()):
            yield PiiSpan("IBAN", m.start(), m.end(), "rib")


def detect_cards(text: str) -> Iterator[PiiSpan]:
    """Payment card numbers of 13 to 19 digits passing the Luhn check."""
    for m in _CARD.finditer(text):
        digits = _digits(m.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            yield PiiSpan("CARD", m.start(), m.end(), "card")


def _looks_like_handle(token: str, explicit: bool) -> bool:
    core = token.lstrip("@").rstrip(".-")
    if len(core) < 3 or core.casefold() in STOPWORDS or core.isdigit():
        return token.startswith("@") and len(core) >= 2 and not core.isdigit()
    if token.startswith("@") or any(ch.isdigit() or ch in "_." for ch in core):
        return True
    # A plain word is a handle only after an explicit "c'est" / ":" / "is".
    return explicit


def detect_handles(text: str) -> Iterator[PiiSpan]:
    """Handles after their cues (snap, insta, "ajoute-moi", "add me") and @handles."""
    for m in _HANDLE.finditer(text):
        token = m.group("h").rstrip(".-")
        explicit = bool(_EXPLICIT.search(m.group("connect") or ""))
        if _looks_like_handle(token, explicit):
            start = m.start("h")
            yield PiiSpan("HANDLE", start, start + len(token), "handle-cue", token)
    for m in _AT_HANDLE.finditer(text):
        yield PiiSpan("HANDLE", m.start(), m.end(), "at-handle", m.group())


def detect_wallets(text: str) -> Iterator[PiiSpan]:
    """Crypto-currency addresses (Bitcoin legacy and bech32, Ethereum, Tron)."""
    for m in _WALLET.finditer(text):
        token = m.group()
        # A legacy-shaped token must mix letters and digits to be an address.
        if (
            token.startswith("bc1")
            or token.startswith("0x")
            or (any(c.isdigit() for c in token[1:]) and any(c.isalpha() for c in token))
        ):
            yield PiiSpan("WALLET", m.start(), m.end(), "wallet")


def detect_addresses(text: str) -> Iterator[PiiSpan]:
    """Street addresses (FR and EN) and ``75011 Paris`` postcodes: cheap shapes."""
    for m in _ADDRESS.finditer(text):
        yield PiiSpan("ADDRESS", m.start(), m.end(), "address")


def _name_spans(
    pattern: regex.Pattern[str], text: str, kind: str, group: str, detector: str
) -> Iterator[PiiSpan]:
    for m in pattern.finditer(text):
        name = m.group(group)
        if name and name.casefold() not in STOPWORDS and not name.isdigit():
            yield PiiSpan(kind, m.start(group), m.end(group), detector, name)


def detect_intro_names(text: str) -> Iterator[PiiSpan]:
    """First names after self-introductions ("je m'appelle X", "my name is X")."""
    yield from _name_spans(_INTRO, text, "NAME", "n", "intro")
    yield from _name_spans(_INTRO_CAPITAL, text, "NAME", "n", "intro")


def detect_greeting_names(text: str) -> Iterator[PiiSpan]:
    """Strict: a capitalised word after a greeting ("salut Léa")."""
    yield from _name_spans(_GREETING, text, "NAME", "n", "greeting")


def detect_numbers(text: str) -> Iterator[PiiSpan]:
    """Strict: every number of four or more digits (dates, codes, amounts)."""
    for m in _NUMBER.finditer(text):
        yield PiiSpan("NUMBER", m.start(), m.end(), "number")


def detect_places(text: str) -> Iterator[PiiSpan]:
    """Strict: a place after "à" / "at" / "in" / "habite à"."""
    yield from _name_spans(_PLACE, text, "PLACE", "p", "place")


#: Detector tables per level: dict literals, in the order they run.
STANDARD: tuple[Detector, ...] = (
    detect_emails,
    detect_urls,
    detect_ibans,
    detect_cards,
    detect_wallets,
    detect_phones,
    detect_handles,
    detect_addresses,
    detect_intro_names,
)
STRICT: tuple[Detector, ...] = (
    *STANDARD,
    detect_greeting_names,
    detect_numbers,
    detect_places,
)
LEVELS: dict[str, tuple[Detector, ...]] = {"standard": STANDARD, "strict": STRICT}


def resolve_overlaps(spans: Iterable[PiiSpan]) -> list[PiiSpan]:
    """Keep a non-overlapping subset: earliest start, then longest, then priority.

    A later span that overlaps a kept one is merged into it when it extends
    past its end, so that no fragment of an entity survives (a phone number
    whose tail was read as a card number is redacted whole).
    """
    ordered = sorted(
        spans, key=lambda s: (s.start, -(s.end - s.start), _PRIORITY[s.kind])
    )
    kept: list[PiiSpan] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if kept and span.start < kept[-1].end:
            last = kept[-1]
            if span.end > last.end:
                kept[-1] = PiiSpan(
                    last.kind, last.start, span.end, last.detector, last.value
                )
            continue
        kept.append(span)
    return kept


__all__ = [
    "KINDS",
    "LEVELS",
    "STANDARD",
    "STOPWORDS",
    "STRICT",
    "Detector",
    "PiiSpan",
    "resolve_overlaps",
]
