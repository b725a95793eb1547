"""Writes of the support desk: tickets (`tickets`), the email intake (`intake`), incident relays (`incidents`),
the scheduled warnings and reminders (`reminders`). Outgoing emails are composed in `outgoing`."""
