"""Reading one raw email as the desk needs it: who sent it, its thread IDs, its Japanese text and its files.

The standard library's `email` package with `policy.default` decodes MIME encoded-words (=?ISO-2022-JP?B?...?=)
in the subject and in RFC 2231 file names. Bodies are decoded here from their bytes, because Japanese mail
labels its charset loosely: `Shift_JIS` is nearly always Windows' CP932 (①, ㈱, ～) and `ISO-2022-JP` often
carries the same extended characters, so each label maps to the widest codec of its family, and undecodable
bytes become U+FFFD rather than an error. A file name sent as raw 8-bit bytes (some old mailers) is decoded as
UTF-8 or CP932.
"""

import email
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

from django.utils.html import strip_tags

# A charset label and the codecs tried in turn (the first that decodes strictly wins).
CHARSET_CODECS = {
    "shift_jis": ("cp932", "shift_jis_2004"), "shift-jis": ("cp932", "shift_jis_2004"), "sjis": ("cp932",),
    "x-sjis": ("cp932",), "windows-31j": ("cp932",), "cp932": ("cp932",), "ms932": ("cp932",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3", "cp50221"),
    "iso-2022-jp-2": ("iso2022_jp_2",), "euc-jp": ("euc_jp", "euc_jis_2004"), "utf-8": ("utf-8",),
    "us-ascii": ("utf-8",), "ascii": ("utf-8",),
}
FALLBACK_CODECS = ("utf-8", "cp932", "euc_jp", "iso2022_jp")
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce[s]?)([+@.-]|$)", re.I)
_UNFOLD = re.compile(r"\r?\n[ \t]+")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
MAX_BODY_CHARS = 100_000


@dataclass
class Attachment:
    name: str
    content: bytes
    content_type: str


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the address, lower-case ("" when there is none)
    sender_name: str
    subject: str
    text: str
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    automatic: bool = False  # an auto-reply, a bounce, a list or bulk mail: never answered, never a ticket
    no_auto_reply: bool = False  # automatic, or the sender asked for no auto-reply (X-Auto-Response-Suppress)
    date: object = None

    @property
    def thread_ids(self) -> list[str]:
        return list(dict.fromkeys(self.in_reply_to + self.references))


def decode_bytes(data: bytes, charset: str | None) -> str:
    label = (charset or "").strip().lower()
    for codec in CHARSET_CODECS.get(label, (label,) if label else ()) + FALLBACK_CODECS:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header the policy cannot parse: read it raw
        value = message.get_all(name, failobj=[""])[0] if hasattr(message, "get_all") else ""
    return str(value or "").strip()


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _part_text(part) -> str:
    payload = part.get_payload(decode=True) or b""
    text = decode_bytes(payload, part.get_content_charset())
    return strip_tags(text) if part.get_content_type() == "text/html" else text


def _raw_header(part, name: str) -> str | None:
    for key, value in part.raw_items():
        if key.lower() == name.lower():
            return value
    return None


def _from_raw_bytes(value: str) -> str:
    """Raw 8-bit bytes in a header (kept by the parser as surrogates): decode them as UTF-8 or CP932."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return decode_bytes(value.encode("utf-8", "surrogateescape"), None)
    return value


def decode_words(value: str) -> str:
    """A header value with RFC 2047 encoded-words, each decoded with its charset's widest codec (CP932 for
    Shift_JIS): the library's own decoder would turn ① or ㈱ into U+FFFD."""
    value = _from_raw_bytes(_UNFOLD.sub(" ", value or ""))
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
    except HeaderParseError:
        return value
    return "".join(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk for chunk, charset in chunks)


def _raw_param(part, param: str, header: str):
    raw = _raw_header(part, header)
    if raw is None:
        return None
    holder = Message()  # compat32: parameters as sent, RFC 2231 values still in their charset's bytes
    holder[header] = _UNFOLD.sub(" ", raw)
    return holder.get_param(param, header=header)


def _file_name(part) -> str:
    value = _raw_param(part, "filename", "Content-Disposition") or _raw_param(part, "name", "Content-Type")
    if isinstance(value, tuple):  # RFC 2231: charset''percent-encoded
        charset, _language, text = value
        name = decode_bytes(text.encode("latin-1", "replace"), charset)
    elif value:
        name = decode_words(value)
    else:
        name = part.get_filename() or ""
    return name.strip()


def _sender(message: EmailMessage) -> tuple[str, str]:
    value = _header(message, "From")
    addresses = getaddresses([value]) if value else []
    for name, address in addresses:
        if "@" in address:
            return address.strip().lower(), name.strip()
    found = _ADDRESS.search(value)  # a mailer that encoded the whole "name <address>" as one encoded-word
    return (found.group(0).lower(), "") if found else ("", "")


def is_automatic(message: EmailMessage, sender: str) -> bool:
    """RFC 3834 and common practice: auto-replies, bounces, bulk and list mail get no automatic answer."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _header(message, "Precedence").lower() in AUTOMATIC_PRECEDENCE:
        return True
    if any(_header(message, name) for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond")):
        return True
    if _header(message, "Return-Path") == "<>":
        return True
    return not sender or bool(AUTOMATIC_SENDERS.match(sender.split("@", 1)[0] + "@"))


def fallback_message_id(raw: bytes) -> str:
    """No Message-ID: the content itself names the message, so the same bytes are still processed once."""
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id>"


def parse(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=policy.default)
    sender, sender_name = _sender(message)
    ids = _ids(_header(message, "Message-ID"))
    message_id = ids[0] if ids else fallback_message_id(raw)
    texts, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        name = _file_name(part)
        if disposition == "attachment" or (name and disposition != "inline") or (
                name and not part.get_content_type().startswith("text/")):
            attachments.append(Attachment(name=name or "attachment", content=part.get_payload(decode=True) or b"",
                                          content_type=part.get_content_type()))
        elif part.get_content_type() == "text/plain":
            texts.append(_part_text(part))
        elif part.get_content_type() == "text/html":
            html.append(_part_text(part))
    automatic = is_automatic(message, sender)
    try:
        date = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        date = None
    return ParsedMail(
        message_id=message_id[:255], sender=sender, sender_name=sender_name,
        subject=" ".join(decode_words(_raw_header(message, "Subject") or "").split()),
        text="\n".join(texts or html)[:MAX_BODY_CHARS],
        in_reply_to=_ids(_header(message, "In-Reply-To")), references=_ids(_header(message, "References")),
        attachments=attachments, automatic=automatic, date=date,
        no_auto_reply=automatic or bool(_header(message, "X-Auto-Response-Suppress")),
    )


# --- reading a reply --------------------------------------------------------------------------------------------

QUOTE_HEADERS = re.compile(
    r"^(>|-{2,}\s*Original Message|-{2,}\s*元のメッセージ|_{5,}|From:\s|差出人:\s|送信者:\s"
    r"|On .+wrote:|.+(さんは|さんが)書きました|\d{4}[/年-]\d{1,2}[/月-]\d{1,2}.*(書きました|wrote))")


def unquoted(text: str) -> str:
    """The new part of a reply: the lines before the quoted earlier message."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADERS.match(line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).strip()


REFERENCE_IN_SUBJECT = re.compile(r"\[BA-(\d{1,9})\]")
REPLY_PREFIXES = re.compile(r"^\s*((re|fw|fwd|返信|転送)\s*[:：]\s*|\[BA-\d{1,9}\]\s*)+", re.I)


def subject_reference(subject: str) -> int | None:
    match = REFERENCE_IN_SUBJECT.search(subject or "")
    return int(match.group(1)) if match else None


def bare_subject(subject: str) -> str:
    return REPLY_PREFIXES.sub("", subject or "").strip()
