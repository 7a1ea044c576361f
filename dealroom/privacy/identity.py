"""How a person is named in privacy records without naming them: a keyed digest of their normalized email.
The same email always gives the same id (so a request resumes, and an auditor holding the email can find its
records), and the id alone says nothing (so it may sit in the audit log and in request items forever)."""
from __future__ import annotations

from django.utils.crypto import salted_hmac

from commerce.domain.users import normalize_email

SALT = "quorum.privacy.request"


def request_id(email: str) -> str:
    return salted_hmac(SALT, normalize_email(email), algorithm="sha256").hexdigest()[:32]
