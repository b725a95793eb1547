"""Two-factor login (TOTP with django-otp): who needs it is `members.policies.must_use_two_factor`; after the
password, the middleware lets such a person reach nothing but the verification and enrolment pages (and
logout) until a code from their authenticator app, or one of their single-use recovery codes, is accepted.
Wrong codes count toward the same lockout as wrong passwords (django-axes)."""
