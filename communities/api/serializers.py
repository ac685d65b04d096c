"""What the communities API reads and answers. People are shown by name, role and point of
sale, never by email: the API has no people endpoint that would give a token their addresses (a
reply names its author by the email the calling system already knows)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from network_animation.api.converters import MAX_ID
from network_animation.models import Membership
from network_animation.text import markdown_render

from .. import errors
from ..models import Announcement, Community, Document, DocumentVersion, Post, Thread
from ..models.posts import BODY_MAX

BODY_HELP = "The Markdown its author wrote; null when a moderator hid the post."
BODY_HTML_HELP = (
    "The Markdown rendered as HTML that runs and loads nothing (no script, event handler, "
    "frame or javascript:/data: link; links carry rel=nofollow noopener noreferrer); null "
    "when a moderator hid the post."
)


class AuthorOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name", help_text="First and last name.")
    point_of_sale: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Its code, if any."
    )

    class Meta:
        model = Membership
        fields = ["name", "role", "point_of_sale"]


class CommunityOutputSerializer(serializers.ModelSerializer):
    description_html = serializers.SerializerMethodField(
        help_text="The description (Markdown) rendered as HTML that runs and loads nothing."
    )
    # A zone's or a region's community names it; the others, neither.
    zone: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    thread_count = serializers.IntegerField(read_only=True, help_text="Published threads.")

    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "description",
            "description_html",
            "kind",
            "zone",
            "region",
            "is_archived",
            "created_at",
            "thread_count",
        ]

    def get_description_html(self, community: Community) -> str:
        return str(markdown_render(community.description))


class ThreadOutputSerializer(serializers.ModelSerializer):
    community = serializers.IntegerField(source="community_id", read_only=True)
    author = AuthorOutputSerializer(read_only=True, allow_null=True)
    is_solved = serializers.BooleanField(read_only=True, help_text="A question with an answer.")
    accepted_answer = serializers.IntegerField(
        source="accepted_answer_id", read_only=True, allow_null=True, help_text="A post's id."
    )

    class Meta:
        model = Thread
        fields = [
            "id",
            "community",
            "kind",
            "title",
            "author",
            "is_pinned",
            "is_locked",
            "is_solved",
            "accepted_answer",
            "reply_count",
            "created_at",
            "last_post_at",
        ]


class PostOutputSerializer(serializers.ModelSerializer):
    thread = serializers.IntegerField(source="thread_id", read_only=True)
    author = AuthorOutputSerializer(read_only=True, allow_null=True)
    body = serializers.SerializerMethodField(help_text=BODY_HELP)
    body_html = serializers.SerializerMethodField(help_text=BODY_HTML_HELP)
    is_hidden = serializers.BooleanField(read_only=True, help_text="Hidden by a moderator.")
    quote_of = serializers.IntegerField(
        source="quote_of_id", read_only=True, allow_null=True, help_text="A post's id."
    )
    kpis = serializers.SerializerMethodField(help_text="A best practice's KPIs (their codes).")

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "body",
            "body_html",
            "is_hidden",
            "quote_of",
            "is_best_practice",
            "kpis",
            "like_count",
            "created_at",
            "edited_at",
        ]

    def get_body(self, post: Post) -> str | None:
        return None if post.is_hidden else post.body

    def get_body_html(self, post: Post) -> str | None:
        # Set by communities.rendering.posts_with_html (the view renders the page's posts).
        return None if post.is_hidden else str(post.html)  # type: ignore[attr-defined]  # set by posts_with_html

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kpis(self, post: Post) -> list[str]:
        return [link.kpi.code for link in post.kpi_links.all()]


class PostReplyInputSerializer(serializers.Serializer):
    """A reply a tenant's system writes in a person's name."""

    author = serializers.EmailField(
        max_length=254,
        help_text="The email of an active person of the token's network: the reply's author.",
    )
    # Markdown, kept as written: leading spaces make a code block.
    body = serializers.CharField(
        min_length=1,
        max_length=BODY_MAX,
        trim_whitespace=False,
        help_text="The reply, in Markdown; not only spaces.",
    )
    quote_of = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of a post of the same thread that the reply quotes (optional).",
    )

    def validate_body(self, body: str) -> str:
        if not body.strip():
            raise serializers.ValidationError(str(errors.EMPTY_TEXT))
        return body


class AnnouncementOutputSerializer(serializers.ModelSerializer):
    author = AuthorOutputSerializer(read_only=True, allow_null=True)
    body_html = serializers.SerializerMethodField(help_text=BODY_HTML_HELP.split(";")[0] + ".")
    read_count = serializers.IntegerField(read_only=True, help_text="Recipients who opened it.")
    acknowledged_count = serializers.IntegerField(
        read_only=True, help_text="Recipients who confirmed they read it."
    )

    class Meta:
        model = Announcement
        fields = [
            "id",
            "title",
            "body",
            "body_html",
            "author",
            "requires_acknowledgement",
            "recipient_count",
            "read_count",
            "acknowledged_count",
            "created_at",
        ]

    def get_body_html(self, announcement: Announcement) -> str:
        return str(markdown_render(announcement.body))


class DocumentVersionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["number", "filename", "content_type", "size", "note", "created_at"]


class DocumentOutputSerializer(serializers.ModelSerializer):
    description_html = serializers.SerializerMethodField(
        help_text="The description (Markdown) rendered as HTML that runs and loads nothing."
    )
    folder: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True, help_text="Its folder's name."
    )
    kpis = serializers.SerializerMethodField(help_text="The KPIs it is about (their codes).")
    tags = serializers.SerializerMethodField(help_text="Its tags.")
    current = DocumentVersionOutputSerializer(
        read_only=True, allow_null=True, help_text="The version shown."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "description_html",
            "folder",
            "language",
            "point_of_sale_type",
            "kpis",
            "tags",
            "current",
            "created_at",
            "updated_at",
        ]

    def get_description_html(self, document: Document) -> str:
        return str(markdown_render(document.description))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kpis(self, document: Document) -> list[str]:
        return [link.kpi.code for link in document.kpi_links.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, document: Document) -> list[str]:
        return [link.tag.name for link in document.tag_links.all()]
