"""Test helpers of the support desk: Tokyo times, raw Japanese emails as mail programs write them, outbox rows."""

from datetime import datetime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from ops.calendar import TOKYO
from ops.models import EmailLog

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def eml(*, sender: str, subject: str, body: str, charset: str = "utf-8", message_id: str | None = None,
        in_reply_to: str | None = None, references: str | None = None, attachments=(), headers=None) -> bytes:
    """A raw email: body and subject in `charset` (iso-2022-jp, shift_jis, utf-8), files named in the same."""
    text = MIMEText(body, "plain", charset)
    if attachments:
        message = MIMEMultipart()
        message.attach(text)
        for name, content in attachments:
            part = MIMEApplication(content, "pdf" if content.startswith(b"%PDF") else "octet-stream")
            part.add_header("Content-Disposition", "attachment", filename=(charset, "", name))
            message.attach(part)
    else:
        message = text
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address), charset) if name else address
    message["To"] = "support@bigadvance.example.jp"
    message["Subject"] = Header(subject, charset)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain="fi.example.jp")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    return message.as_bytes()


def outbox(template: str | None = None, recipient: str | None = None) -> list[EmailLog]:
    logs = EmailLog.objects.order_by("pk")
    if template:
        logs = logs.filter(template=template)
    if recipient:
        logs = logs.filter(recipient=recipient.lower())
    return list(logs)
