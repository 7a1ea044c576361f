"""Privacy for the people Quorum holds data about (docs/privacy.md): export everything about one email,
erase it (a resumable request of idempotent steps), verify nothing is left, and keep data only as long as
docs/privacy.md says (the hourly privacy sweep). It spans commerce (users, sessions, billing, Stripe, audit)
and the deal room (memberships, the committee's log, invitations), so it lives here: dealroom may import
commerce, never the reverse."""
