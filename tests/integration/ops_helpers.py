"""Staff accounts and signed-in clients for the admin tests."""
from __future__ import annotations

from django.test import Client

from commerce.services.staff import staff_create

PASSWORD = "correct horse battery staple"


def staff(email: str, role: str) -> None:
    staff_create(email=email, role=role, password=PASSWORD, name=email.split("@")[0].title())


def signed_in(email: str, role: str, *, client: Client | None = None) -> Client:
    staff(email, role)
    client = client or Client()
    response = client.post("/admin/login/", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client
