"""kpis/uploads.py: uploads wait on disk under their tenant and person, never in the cache
(CHECKLIST U6); other tenants and people cannot reach them (T8, T9); names never make paths
(U5); they expire, are removed nightly, and a person's waiting uploads are capped."""

import os
import time

import pytest

from kpis import uploads
from network_animation.jobs import NIGHTLY_STEPS, nightly_chain_run
from network_animation.models import Role

from ..network_animation.test_uploads import nothing_of_the_upload_is_cached

pytestmark = pytest.mark.django_db
CSV = b"code_pdv;indicateur;date;valeur\nPDV1;sales;02/01/2025;1\n"


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def person(network, role=Role.HEAD_OFFICE) -> int:
    return network.members[role].user.pk


def keep(network, kind=uploads.FACTS, role=Role.HEAD_OFFICE, content=CSV, name="facts.csv"):
    return uploads.upload_keep(
        tenant=network.tenant,
        person_id=person(network, role),
        content=content,
        filename=name,
        kind=kind,
    )


def get(network, token, kind=uploads.FACTS, role=Role.HEAD_OFFICE):
    return uploads.upload_get(
        tenant=network.tenant, person_id=person(network, role), token=token, kind=kind
    )


def folder(network, token, kind=uploads.FACTS, role=Role.HEAD_OFFICE):
    return uploads._folder(network.tenant, person(network, role), token, kind)


def age(path, hours: float) -> None:
    """Make an upload look as if it last changed `hours` ago."""
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def files_under(settings) -> list:
    return sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_a_kept_upload_lives_on_disk_under_its_tenant_and_person_not_in_the_cache(
    network_a, settings
):
    kept = keep(network_a)
    where = settings.MEDIA_ROOT / "pending-uploads" / str(network_a.tenant.pk)
    assert files_under(settings) == sorted(
        [
            where / str(person(network_a)) / f"facts-{kept.token}" / part
            for part in ("name", "upload")
        ]
    )
    assert get(network_a, kept.token) == uploads.KeptUpload(kept.token, "facts.csv", CSV)
    assert nothing_of_the_upload_is_cached(CSV)


def test_another_tenants_or_persons_token_finds_nothing(network_a, network_b):
    """CHECKLIST T8, T9: the same token under another tenant, person or kind is nobody's."""
    kept = keep(network_b)
    assert get(network_a, kept.token) is None
    assert get(network_b, kept.token, role=Role.COACH) is None
    assert get(network_b, kept.token, kind=uploads.OBJECTIVES) is None
    uploads.upload_reject(
        tenant=network_b.tenant,
        person_id=person(network_b),
        token=kept.token,
        kind=uploads.FACTS,
        report="line;reason\n",
    )
    assert (
        uploads.errors_get(
            tenant=network_a.tenant,
            person_id=person(network_b),
            token=kept.token,
            kind=uploads.FACTS,
        )
        is None
    )
    uploads.upload_forget(
        tenant=network_a.tenant, person_id=person(network_b), token=kept.token, kind=uploads.FACTS
    )
    assert folder(network_b, kept.token).is_dir()


@pytest.mark.parametrize(
    "token", ["../../../../etc/passwd", "..", "a/b", "", "x" * 31, "x" * 33, "é" * 32]
)
def test_a_token_that_was_not_made_here_never_reaches_a_path(network_a, token):
    """CHECKLIST U5."""
    assert get(network_a, token) is None
    assert folder(network_a, token) is None


def test_a_file_name_is_kept_as_text_never_as_a_path(network_a, settings):
    kept = keep(network_a, name="../../../evil.csv")
    assert get(network_a, kept.token).filename == "../../../evil.csv"
    assert {path.name for path in files_under(settings)} == {"name", "upload"}
    assert all(
        path.is_relative_to(settings.MEDIA_ROOT / "pending-uploads")
        for path in files_under(settings)
    )


def test_a_rejected_upload_keeps_only_its_errors_report(network_a):
    kept = keep(network_a)
    uploads.upload_reject(
        tenant=network_a.tenant,
        person_id=person(network_a),
        token=kept.token,
        kind=uploads.FACTS,
        report="line;reason\n2;bad\n",
    )
    assert get(network_a, kept.token) is None
    assert (
        uploads.errors_get(
            tenant=network_a.tenant,
            person_id=person(network_a),
            token=kept.token,
            kind=uploads.FACTS,
        )
        == "line;reason\n2;bad\n"
    )
    assert sorted(p.name for p in folder(network_a, kept.token).iterdir()) == ["errors.csv", "name"]


def test_a_new_preview_replaces_the_earlier_one_of_its_kind_but_not_a_queued_one(network_a):
    queued = keep(network_a)
    uploads.upload_queue(
        tenant=network_a.tenant, person_id=person(network_a), token=queued.token, kind=uploads.FACTS
    )
    earlier, objectives = keep(network_a), keep(network_a, uploads.OBJECTIVES)
    newer = keep(network_a)
    assert get(network_a, earlier.token) is None
    assert get(network_a, queued.token) is not None
    assert get(network_a, newer.token) is not None
    assert get(network_a, objectives.token, kind=uploads.OBJECTIVES) is not None


def test_an_upload_expires_after_an_hour_and_a_queued_one_after_six(network_a):
    preview, queued = keep(network_a), keep(network_a, uploads.OBJECTIVES)
    uploads.upload_queue(
        tenant=network_a.tenant,
        person_id=person(network_a),
        token=queued.token,
        kind=uploads.OBJECTIVES,
    )
    age(folder(network_a, preview.token), 1.1)
    age(folder(network_a, queued.token, uploads.OBJECTIVES), 1.1)
    assert get(network_a, preview.token) is None
    assert get(network_a, queued.token, uploads.OBJECTIVES) is not None
    assert uploads.pending_uploads_remove_expired(tenant=network_a.tenant) == 1
    assert not folder(network_a, preview.token).exists()
    age(folder(network_a, queued.token, uploads.OBJECTIVES), 6.1)
    assert uploads.pending_uploads_remove_expired(tenant=network_a.tenant) == 1
    assert not folder(network_a, queued.token, uploads.OBJECTIVES).exists()


def test_keeping_an_upload_removes_the_tenants_expired_ones(network_a):
    old = keep(network_a, role=Role.COACH)
    age(folder(network_a, old.token, role=Role.COACH), 2)
    keep(network_a)
    assert not folder(network_a, old.token, role=Role.COACH).exists()


def test_the_nightly_chain_removes_its_tenants_expired_uploads_only(network_a, network_b):
    """CHECKLIST T7: tenant A's chain leaves B's uploads alone."""
    assert "pending_uploads" in NIGHTLY_STEPS
    mine, theirs = keep(network_a), keep(network_b)
    age(folder(network_a, mine.token), 2)
    age(folder(network_b, theirs.token), 2)
    results = nightly_chain_run(tenant=network_a.tenant)
    assert results["pending_uploads"] == {"expired_uploads_removed": 1}
    assert not folder(network_a, mine.token).exists()
    assert folder(network_b, theirs.token).exists()


def queue_all(network, count: int, content: bytes = CSV) -> None:
    for _ in range(count):
        kept = keep(network, content=content)
        uploads.upload_queue(
            tenant=network.tenant, person_id=person(network), token=kept.token, kind=uploads.FACTS
        )


def test_a_person_may_have_five_uploads_waiting(network_a):
    queue_all(network_a, uploads.MAX_PENDING)
    with pytest.raises(uploads.PendingUploadsFull, match="5 fichiers|5 files"):
        keep(network_a)
    assert keep(network_a, role=Role.COACH)  # someone else still may


def test_a_person_may_have_so_many_bytes_waiting(network_a, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PENDING_BYTES", 1000)
    queue_all(network_a, 2, content=b"x" * 300)  # and a name of 9 bytes each: 618 in all
    with pytest.raises(uploads.PendingUploadsFull):
        keep(network_a, content=b"x" * 400)
    assert keep(network_a, content=b"x" * 300)
