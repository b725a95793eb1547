"""Account security the FIs control: where their console and API may be used from (SEC-1), how long and how
many sessions their people keep, and the tools their admins use on one account (end its sessions, release a
lockout, force a password reset). Two-factor login is `members.twofactor`."""
