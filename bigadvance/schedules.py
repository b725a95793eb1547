"""Every periodic job of the platform, in one place. Intervals come from settings where operators tune them."""

BEAT_SCHEDULE: dict = {}

# Maintenance (OPS-2..5). The weekly generator is idempotent and looks ahead weeks, so running it hourly
# means a worker that was down at any boundary still leaves no Monday without its window.
BEAT_SCHEDULE.update({
    "maintenance-weekly-generate": {"task": "ops.tasks.maintenance.maintenance_weekly_generate_task",
                                    "schedule": 60.0 * 60},
    "maintenance-advance-states": {"task": "ops.tasks.maintenance.maintenance_advance_states_task",
                                   "schedule": 60.0},
    "maintenance-send-reminders": {"task": "ops.tasks.maintenance.maintenance_send_reminders_task",
                                   "schedule": 15 * 60.0},
    "notifications-send-due": {"task": "ops.tasks.maintenance.notifications_send_due_task", "schedule": 60.0},
})

# Incidents and monitoring (MON-1, INC-2). MONITORING_INTERVAL_SECONDS is read here as in settings (capped at
# 5 minutes) because this module is loaded while the settings are still being built.
from bigadvance.settings.env import env  # noqa: E402

BEAT_SCHEDULE.update({
    "monitoring-run-health-checks": {
        "task": "ops.tasks.incidents.run_health_checks_task",
        "schedule": float(min(env.int("MONITORING_INTERVAL_SECONDS", default=300), 300)),
    },
    "monitoring-heartbeat": {"task": "ops.tasks.incidents.heartbeat_task", "schedule": 60.0},
})

# Email and security alerts. The every-minute sweep above (`notifications-send-due`) delivers every due email
# (held, retried, or left by a broker outage) and marks the notices whose emails were all delivered. Security
# alerts go as one digest per SECURITY_ALERT_WINDOW_MINUTES; checking every minute sends each on time.
BEAT_SCHEDULE.update({
    "security-alerts-send": {"task": "audit.tasks.security_alerts_send_task", "schedule": 60.0},
})

# Matching (issue 7). Expiry is idempotent and reads already treat a past deadline as expired, so hourly is
# plenty. Recommendations are recomputed for everyone at night, and for one company after it changes.
from celery.schedules import crontab  # noqa: E402

BEAT_SCHEDULE.update({
    "needs-expire": {"task": "members.tasks.needs_expire_task", "schedule": 60.0 * 60},
    "recommendations-refresh-all": {"task": "members.tasks.recommendations_refresh_all_task",
                                    "schedule": crontab(hour=2, minute=30)},  # nightly, Asia/Tokyo
})

# Deals (issue 7): remind once, then expire, requests left waiting (business days; idempotent, chunked).
BEAT_SCHEDULE.update({
    "deals-remind-and-expire": {"task": "members.deals.tasks.deals_remind_and_expire_task", "schedule": 60.0 * 60},
})

# Support desk (SUP-2, SUP-3, SUP-4): the mailbox every minute (nothing when SUPPORT_IMAP_URL is empty), SLA
# warnings in business hours (the job itself waits for them), reminders of unconfirmed answers.
BEAT_SCHEDULE.update({
    "support-mail-fetch": {"task": "support.tasks.support_mail_fetch_task", "schedule": 60.0},
    "support-sla-warn": {"task": "support.tasks.support_sla_warn_task", "schedule": 10 * 60.0},
    "support-confirmation-remind": {"task": "support.tasks.support_confirmation_remind_task", "schedule": 60.0 * 60},
})

# Notices and email digests (issue 8): a notice is emailed once its publish time comes (scheduled ones too);
# digests go from 10:00 on business days (members/notify.py decides the day and the cutoff, so running every
# 15 minutes through the business day catches up after a worker outage and sends each digest once).
BEAT_SCHEDULE.update({
    "notices-email-due": {"task": "members.notices.tasks.notices_email_due_task", "schedule": 60.0},
    "digests-send": {"task": "members.notices.tasks.digests_send_task",
                     "schedule": crontab(minute="0,15,30,45", hour="10-16")},
})

# Sessions (issue 9): records of sessions that expired without a logout are forgotten nightly.
BEAT_SCHEDULE.update({
    "sessions-prune": {"task": "members.security.tasks.sessions_prune_task", "schedule": crontab(hour=3, minute=15)},
})
