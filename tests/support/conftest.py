"""Fixtures of the desk's tests: a small world (two banks, their admins, a member, the desk), a real IMAP server
(Debian's dovecot, started per test) and a real SMTP listener (aiosmtpd)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.factories import SystemLeadFactory

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)


@pytest.fixture(autouse=True)
def _desk_settings(settings):
    settings.SUPPORT_EMAIL_ADDRESS = "support@bigadvance.example.jp"
    settings.SUPPORT_FROM_EMAIL = "Big Advance サポートデスク <support@bigadvance.example.jp>"
    settings.SUPPORT_IMAP_URL = ""
    settings.SUPPORT_SLA_FIRST_RESPONSE_MINUTES = {"urgent": 60, "high": 120, "normal": 240, "low": 420}
    settings.SUPPORT_SLA_ANSWER_MINUTES = {"urgent": 420, "high": 840, "normal": 1260, "low": 2100}
    settings.SUPPORT_SLA_WARNING_MINUTES = 60
    settings.SUPPORT_CONFIRMATION_REMINDER_BUSINESS_DAYS = 3
    settings.SUPPORT_AUTOREPLY_INTERVAL_HOURS = 24


@pytest.fixture
def lead(db):
    return SystemLeadFactory(full_name="統括 花子")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _account_ids() -> tuple[str, str, int, int]:
    """Who dovecot's processes run as: ourselves, or (as root, which dovecot refuses) its own users."""
    import pwd

    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
    login = "dovenull" if _user_exists("dovenull") else "nobody"
    internal = "dovecot" if _user_exists("dovecot") else "nobody"
    account = pwd.getpwnam(internal)
    return login, internal, account.pw_uid, account.pw_gid


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


DOVECOT_CONF = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = ba-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""


@pytest.fixture
def dovecot():
    """A real IMAP server: Debian's dovecot-imapd with a throwaway config, a passwd-file user and a maildir in a
    temporary folder. Skips when dovecot is missing, fails instead with IMAP_REQUIRED=1 (CI)."""
    if DOVECOT is None:
        if os.environ.get("IMAP_REQUIRED") == "1":
            pytest.fail("IMAP_REQUIRED=1 but dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed: apt-get install dovecot-imapd (CI sets IMAP_REQUIRED=1)")
    import grp

    root = Path(tempfile.mkdtemp(prefix="ba-dovecot-"))
    root.chmod(0o755)  # dovecot's unprivileged processes must reach the maildir
    login_user, internal_user, uid, gid = _account_ids()
    port = _free_port()
    for folder in ("run", "state", "home"):
        (root / folder).mkdir()
    if os.getuid() == 0:
        os.chown(root / "home", uid, gid)
    (root / "passwd").write_text("desk:{PLAIN}desk-secret::::::\n")
    config = root / "dovecot.conf"
    config.write_text(DOVECOT_CONF.format(root=root, port=port, login_user=login_user, internal_user=internal_user,
                                          internal_group=grp.getgrgid(gid).gr_name, uid=uid, gid=gid))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        _wait_for_imap(port, process, root)
        yield {"host": "127.0.0.1", "port": port, "user": "desk", "password": "desk-secret",
               "url": f"imap://desk:desk-secret@127.0.0.1:{port}/INBOX"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_imap(port: int, process: subprocess.Popen, root: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot exited: {process.stderr.read().decode()} {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                if conn.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("dovecot did not start within 15 seconds")


@pytest.fixture
def smtp_listener(settings):
    """A real SMTP server (aiosmtpd) on a free local port; Django sends to it over the network."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    port = _free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield received
    finally:
        controller.stop()
