"""Uploaded files kept between the preview and the import: on disk, in media storage.

Never in the cache: the cache is the broker's Redis, which never evicts (CHECKLIST U6). An upload
is a folder `pending-uploads/<tenant id>/<person id>/<kind>-<token>/` holding the bytes, the
file's name and, for a rejected file, its errors report. Only ids and a checked random token make
the path, so another tenant's or person's token finds nothing and a file's name never reaches a
path (CHECKLIST T8, T9, U5).

A person has one preview per kind (a new upload replaces it) plus the uploads waiting for a
background import, within a cap. Expired uploads are removed whenever one is kept, and nightly.
"""

import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import ngettext

from network_animation.jobs import JobProgress
from network_animation.models import Tenant

FACTS = "facts"
OBJECTIVES = "objectives"
KINDS = frozenset({FACTS, OBJECTIVES})
FOLDER = "pending-uploads"
KEEP = timedelta(hours=1)
# A queued upload waits for a worker, which may be down a while: as long as `jobs.STALE_AFTER`.
KEEP_QUEUED = timedelta(hours=6)
MAX_PENDING = 5
MAX_PENDING_BYTES = 100 * 1024 * 1024
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
CONTENT, NAME, ERRORS, QUEUED = "upload", "name", "errors.csv", "queued"


@dataclass(frozen=True)
class KeptUpload:
    token: str
    filename: str
    content: bytes


class PendingUploadsFull(Exception):
    """The person already has as many uploads waiting as they may."""


def _tenant_folder(tenant: Tenant) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / str(int(tenant.pk))


def _person_folder(tenant: Tenant, person_id: int) -> Path:
    return _tenant_folder(tenant) / str(int(person_id))


def _folder(tenant: Tenant, person_id: int, token: str, kind: str) -> Path | None:
    """The upload's folder, or None for a token that was never made here."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of upload: {kind!r}")
    if not TOKEN.fullmatch(token):
        return None
    return _person_folder(tenant, person_id) / f"{kind}-{token}"


def upload_keep(
    *, tenant: Tenant, person_id: int, content: bytes, filename: str, kind: str
) -> KeptUpload:
    """Keep a file for its preview, replacing the person's earlier preview of this kind.

    Raises PendingUploadsFull when the person's waiting uploads leave no room for it.
    """
    pending_uploads_remove_expired(tenant=tenant)
    person = _person_folder(tenant, person_id)
    for earlier in _uploads(person):
        if earlier.name.startswith(f"{kind}-") and not (earlier / QUEUED).exists():
            shutil.rmtree(earlier, ignore_errors=True)
    _check_room(person, len(content))
    token = secrets.token_urlsafe(24)
    folder = person / f"{kind}-{token}"
    folder.mkdir(parents=True)
    (folder / CONTENT).write_bytes(content)
    (folder / NAME).write_text(filename[:255], encoding="utf-8")
    return KeptUpload(token=token, filename=filename[:255], content=content)


def _check_room(person: Path, size: int) -> None:
    waiting = _uploads(person)
    used = sum(_size(upload) for upload in waiting)
    if len(waiting) >= MAX_PENDING or used + size > MAX_PENDING_BYTES:
        message = ngettext(
            "You already have %(count)s file waiting to be imported (%(size)s). Send this one "
            "once it is imported.",
            "You already have %(count)s files waiting to be imported (%(size)s). Send this one "
            "once they are imported.",
            len(waiting),
        )
        raise PendingUploadsFull(message % {"count": len(waiting), "size": filesizeformat(used)})


def upload_get(*, tenant: Tenant, person_id: int, token: str, kind: str) -> KeptUpload | None:
    """The kept file, or None when it is not this person's, was imported, refused or expired."""
    folder = _folder(tenant, person_id, token, kind)
    if folder is None or _expired(folder):
        return None
    try:
        filename = (folder / NAME).read_text(encoding="utf-8")
        return KeptUpload(token=token, filename=filename, content=(folder / CONTENT).read_bytes())
    except FileNotFoundError:
        return None


def upload_queue(*, tenant: Tenant, person_id: int, token: str, kind: str) -> bool:
    """Hold the upload for a background import: a new preview no longer replaces it."""
    folder = _folder(tenant, person_id, token, kind)
    try:
        if folder is not None:
            (folder / QUEUED).touch()
            return True
    except FileNotFoundError:
        pass  # removed meanwhile
    return False


def upload_reject(*, tenant: Tenant, person_id: int, token: str, kind: str, report: str) -> None:
    """Keep only the errors report of a file that cannot be imported."""
    folder = _folder(tenant, person_id, token, kind)
    if folder is not None and folder.is_dir():
        (folder / ERRORS).write_text(report, encoding="utf-8")
        (folder / CONTENT).unlink(missing_ok=True)


def errors_get(*, tenant: Tenant, person_id: int, token: str, kind: str) -> str | None:
    folder = _folder(tenant, person_id, token, kind)
    if folder is None or _expired(folder):
        return None
    try:
        return (folder / ERRORS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def upload_forget(*, tenant: Tenant, person_id: int, token: str, kind: str) -> None:
    """Remove the upload (imported or cancelled) and its errors report."""
    folder = _folder(tenant, person_id, token, kind)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def pending_uploads_remove_expired(*, tenant: Tenant) -> int:
    """Remove the tenant's expired uploads; how many were removed."""
    removed = 0
    for person in _subfolders(_tenant_folder(tenant)):
        for upload in _uploads(person):
            if _expired(upload):
                shutil.rmtree(upload, ignore_errors=True)
                removed += 1
    return removed


def pending_uploads_step(*, tenant: Tenant, progress: JobProgress) -> None:
    """Nightly: the uploads nobody imported nor cancelled."""
    progress.add("expired_uploads_removed", pending_uploads_remove_expired(tenant=tenant))


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if entry.is_dir()]
    except FileNotFoundError:
        return []


def _uploads(person: Path) -> list[Path]:
    return [entry for entry in _subfolders(person) if entry.name.split("-", 1)[0] in KINDS]


def _size(upload: Path) -> int:
    try:
        return sum(part.stat().st_size for part in upload.iterdir())
    except FileNotFoundError:
        return 0


def _expired(upload: Path) -> bool:
    """An upload expires a while after its last change (kept, refused or queued)."""
    try:
        changed = datetime.fromtimestamp(upload.stat().st_mtime, tz=UTC)
    except FileNotFoundError:
        return False
    keep = KEEP_QUEUED if (upload / QUEUED).exists() else KEEP
    return timezone.now() - changed > keep
