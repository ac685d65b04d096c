"""Building communities' rows for tests: through the services, as people would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import Feedback
from communities.services import (
    announcement_send,
    document_create,
    feedback_send,
    folder_create,
    post_flag,
    post_reply,
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
    return {
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
