"""Print the current two-factor code of a demo account (demo only): refuses any device seed_demo did not make
with its published secret, so it reveals nothing of a real account."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.twofactor.demo import DEMO_SECRETS, demo_key


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("login_id", help=f"one of: {', '.join(DEMO_SECRETS)}")

    def handle(self, *args, login_id: str, **options) -> None:
        key = demo_key(login_id)
        device = key and TOTPDevice.objects.filter(user__username__iexact=login_id, confirmed=True, key=key).first()
        if not device:
            raise CommandError(f"{login_id} has no demo device (seed_demo makes them for {', '.join(DEMO_SECRETS)}).")
        self.stdout.write(f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
