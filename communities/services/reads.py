"""The first read of a thread or a library document, per person: dated once, never moved (the
recommendations learn from what followed it)."""

from network_animation.models import Membership, Tenant

from ..models import Document, FirstRead, Thread


def first_read_record(
    *,
    tenant: Tenant,
    actor: Membership,
    thread: Thread | None = None,
    document: Document | None = None,
) -> None:
    """Note that the person opened the thread or the document (one of them) now, unless they
    did before: one INSERT that does nothing on the existing row, no read first."""
    FirstRead.objects.bulk_create(
        [FirstRead(tenant=tenant, membership=actor, thread=thread, document=document)],
        ignore_conflicts=True,
    )
