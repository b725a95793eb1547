"""The support mailbox over IMAP (stdlib imaplib): read the inbox, process each message exactly once, then move it.

SUPPORT_IMAP_URL names the mailbox: `imaps://user:password@host:993/INBOX` (TLS) or `imap://...` (plain, for
a local test server; STARTTLS is used when the server offers it). Each message is fetched without marking it
read (BODY.PEEK), processed in one transaction (support.services.intake) and only then moved to
SUPPORT_IMAP_PROCESSED_FOLDER; one that fails is recorded and moved to SUPPORT_IMAP_FAILED_FOLDER so it cannot
block the others. A run crashing between the commit and the move leaves the message in the inbox: the rerun
finds its Message-ID recorded and only moves it.
"""

import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

from django.conf import settings

from .services import intake

logger = logging.getLogger(__name__)
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class MailboxNotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str
    tls: bool

    @classmethod
    def from_url(cls, url: str) -> "Mailbox":
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
            raise MailboxNotConfigured("SUPPORT_IMAP_URL must look like imaps://user:password@host:993/INBOX")
        tls = parts.scheme == "imaps"
        return cls(host=parts.hostname, port=parts.port or (993 if tls else 143), user=unquote(parts.username),
                   password=unquote(parts.password or ""), folder=unquote(parts.path.lstrip("/")) or "INBOX",
                   tls=tls)


@dataclass
class FetchSummary:
    processed: int = 0  # new messages handled (tickets, replies, redirects, ignored)
    already_done: int = 0  # Message-IDs processed before (a rerun after a crash): only moved
    failed: int = 0
    outcomes: dict = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    timeout = settings.SUPPORT_IMAP_TIMEOUT
    if mailbox.tls:
        client = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(),
                                   timeout=timeout)
    else:
        client = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
        if "STARTTLS" in client.capabilities:
            client.starttls(ssl_context=ssl.create_default_context())
    client.login(mailbox.user, mailbox.password)
    return client


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ensure_folder(client: imaplib.IMAP4, folder: str) -> None:
    client.create(_quote(folder))  # NO when it exists: fine


def _move(client: imaplib.IMAP4, uid: bytes, folder: str) -> None:
    try:
        status, _data = client.uid("MOVE", uid, _quote(folder))
    except imaplib.IMAP4.error:  # BAD: the server has no MOVE
        status = "BAD"
    if status != "OK":  # no MOVE extension (RFC 6851): copy, flag deleted, expunge
        status, _data = client.uid("COPY", uid, _quote(folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"could not copy message {uid!r} to {folder}")
        client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
        client.expunge()


_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_DATE = re.compile(r"^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")


def _internal_date(meta: bytes) -> datetime | None:
    """When the server received the message (IMAP INTERNALDATE), the ticket's received time."""
    found = _INTERNALDATE.search(meta)
    parts = _DATE.match(found.group(1).decode("ascii", "replace")) if found else None
    if parts is None or parts.group(2).title() not in _MONTHS:
        return None
    day, month, year, hour, minute, second, sign, off_h, off_m = parts.groups()
    offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (1 if sign == "+" else -1)
    return datetime(int(year), _MONTHS[month.title()], int(day), int(hour), int(minute), int(second),
                    tzinfo=timezone(offset))


def _fetch(client: imaplib.IMAP4, uid: bytes) -> tuple[bytes, datetime | None]:
    status, data = client.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])")
    if status != "OK":
        raise imaplib.IMAP4.error(f"could not fetch message {uid!r}")
    for item in data:
        if isinstance(item, tuple):
            return item[1], _internal_date(item[0])
    raise imaplib.IMAP4.error(f"message {uid!r} has no body")


def mailbox_fetch(*, url: str | None = None, limit: int | None = None) -> FetchSummary:
    """Process the inbox of the support mailbox once (beat every minute; `manage.py fetch_support_mail`)."""
    url = url if url is not None else settings.SUPPORT_IMAP_URL
    if not url:
        raise MailboxNotConfigured("SUPPORT_IMAP_URL is not set")
    mailbox = Mailbox.from_url(url)
    summary = FetchSummary()
    client = connect(mailbox)
    try:
        processed_folder, failed_folder = settings.SUPPORT_IMAP_PROCESSED_FOLDER, settings.SUPPORT_IMAP_FAILED_FOLDER
        for folder in (processed_folder, failed_folder):
            _ensure_folder(client, folder)
        status, _data = client.select(_quote(mailbox.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {mailbox.folder}")
        status, data = client.uid("SEARCH", None, "ALL")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids[: limit or settings.SUPPORT_IMAP_BATCH_SIZE]:
            raw, received_at = _fetch(client, uid)
            try:
                result = intake.inbound_mail_process(raw=raw, received_at=received_at)
            except Exception as exc:  # one bad message must not block the mailbox
                logger.exception("support mail could not be processed uid=%s", uid)
                intake.inbound_mail_record_failure(raw=raw, received_at=received_at, error=exc)
                summary.failed += 1
                _move(client, uid, failed_folder)
                continue
            if result.new:
                summary.processed += 1
                summary.add(result.record.outcome)
            else:
                summary.already_done += 1
            _move(client, uid, processed_folder)
    finally:
        try:
            client.logout()
        except Exception:  # the connection is gone anyway
            logger.warning("IMAP logout failed", exc_info=True)
    return summary
