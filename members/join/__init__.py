"""Joining Big Advance through one's bank: the public application (入会申込), email verification, the bank's
decision, and the first user's invitation.

    applied ──(email link)──▶ verified ──(the bank's FI admin)──▶ approved: company + first user, invitation
                                                              └──▶ refused: the reason is emailed

`services` writes (called by the public views now and the console later), `selectors` reads for the bank,
`policies` says who decides, `tokens` makes the links, `throttle` guards the public form, `invitations` sends
and redeems the one-time link that sets a first password.
"""
