"""Building communities' rows for tests: through the services, as people would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import Feedback, FollowUp
from communities.services import (
    announcement_send,
    coach_assign,
    difficulty_close,
    difficulty_report,
    document_create,
    feedback_send,
    folder_create,
    follow_up_log,
    post_flag,
    post_reply,
    sheet_approve,
    sheet_edit,
    sheet_start,
    sheet_submit,
)
from network_animation.audiences import Audience
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import media_check

from ..conftest import Network
from .conftest import start, sync


def community_walk_objects(network: Network) -> dict[str, int]:
    """A community, a thread with a reply and its attached file, a report of the reply, an
    announcement to everyone, an idea sent to the animator, and a document for everyone in a
    folder, named after the network."""
    communities = sync(network)
    name = network.tenant.name
    thread = start(
        network,
        communities.zone,
        role=Role.POS_MANAGER,
        title=f"Thread {name}",
        body=f"Body {name}",
    )
    with tenant_scope(network.tenant):
        reply = post_reply(
            tenant=network.tenant,
            actor=network.members[Role.ANIMATOR],
            thread=thread,
            body=f"Reply {name}",
            attachments=[media_check(SimpleUploadedFile("notes.txt", f"Notes {name}".encode()))],
        )
        flag = post_flag(
            tenant=network.tenant,
            actor=network.members[Role.POS_STAFF],
            post=reply,
            reason=f"Reason {name}",
        )
        attachment = reply.attachments.get()
        announcement = announcement_send(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            title=f"Announcement {name}",
            body=f"Body {name}",
            audience=Audience(),
            requires_acknowledgement=True,
        )
        feedback = feedback_send(
            tenant=network.tenant,
            actor=network.members[Role.POS_STAFF],
            kind=Feedback.Kind.IDEA,
            sent_to=Feedback.Recipient.ANIMATOR,
            title=f"Idea {name}",
            body=f"Body {name}",
        )
        head_office = network.members[Role.HEAD_OFFICE]
        folder = folder_create(
            tenant=network.tenant, actor=head_office, name=f"Folder {name}", parent=None
        )
        document = document_create(
            tenant=network.tenant,
            actor=head_office,
            title=f"Document {name}",
            description=f"Body {name}",
            file=media_check(SimpleUploadedFile("guide.txt", f"Guide {name}".encode())),
            audience=Audience(),
            folder=folder,
            tags=[f"Tag {name}"],
        )
    coaching = coaching_walk_objects(network)
    return {
        **coaching,
        "community_id": communities.zone.pk,
        "thread_id": thread.pk,
        "post_id": reply.pk,
        "flag_id": flag.pk,
        "attachment_id": attachment.pk,
        "announcement_id": announcement.pk,
        "feedback_id": feedback.pk,
        "folder_id": folder.pk,
        "document_id": document.pk,
        "version_id": document.current_id,
    }


def coaching_walk_objects(network: Network) -> dict[str, int]:
    """The network's coach assigned to its dealer, a private difficulty the dealer's staff
    member reported (open), and another one closed whose lesson sheet is published."""
    import datetime as dt

    tenant, members = network.tenant, network.members
    coach, staff = members[Role.COACH], members[Role.POS_STAFF]
    name = tenant.name
    with tenant_scope(tenant):
        assignment = coach_assign(
            tenant=tenant,
            actor=members[Role.HEAD_OFFICE],
            coach=coach,
            point_of_sale=network.point_of_sale,
        )
        private = difficulty_report(
            tenant=tenant,
            actor=staff,
            title=f"Difficulty {name}",
            tried=f"Tried {name}",
            happened=f"Happened {name}",
            is_private=True,
        )
        settled = difficulty_report(
            tenant=tenant,
            actor=staff,
            title=f"Settled {name}",
            tried="Relancer les clients par SMS",
            happened="Peu de réponses",
        )
        follow_up_log(
            tenant=tenant,
            actor=coach,
            difficulty=settled,
            kind=FollowUp.Kind.CALL,
            date=dt.date(2025, 1, 6),
        )
        difficulty_close(tenant=tenant, actor=coach, difficulty=settled)
        sheet = sheet_start(tenant=tenant, actor=coach, difficulty=settled)
        sheet_edit(
            tenant=tenant,
            actor=coach,
            sheet=sheet,
            title=f"Sheet {name}",
            difficulty_text="Relancer par SMS ne suffisait pas.",
            happened="Peu de réponses.",
            how_to_succeed="Appeler le lendemain de l'essai.",
        )
        sheet_submit(tenant=tenant, actor=coach, sheet=sheet)
        sheet_approve(tenant=tenant, actor=members[Role.HEAD_OFFICE], sheet=sheet)
    return {"assignment_id": assignment.pk, "difficulty_id": private.pk, "sheet_id": sheet.pk}
