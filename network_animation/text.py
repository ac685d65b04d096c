"""Text people write (posts, descriptions, lesson sheets): Markdown, made safe to show.

Two locks, so one failing is not enough (CHECKLIST X2): markdown-it renders with raw HTML off
(`<script>` typed in a post stays text), then nh3 keeps only an allow-list of tags and attributes,
drops `javascript:` and `data:` links and gives every link `rel="nofollow noopener noreferrer"`.
Rendered when shown, never stored as trusted HTML.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(
    ["linkify", "table", "strikethrough"]
)
TAGS = {"p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
TAGS |= {"h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def _html(text: str) -> str:
    tokens = _MARKDOWN.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            # A post's headings sit under the page's own (h1, h2): "# Title" becomes an h3.
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})


def markdown_render(text: str) -> SafeString:
    """A person's Markdown as HTML that runs nothing and loads nothing."""
    html = _html(text or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        filter_style_properties={"text-align"},
    )
    return mark_safe(clean)  # noqa: S308  # sanitised by nh3 just above


def plain_excerpt(text: str, length: int = 160) -> str:
    """A post's first words, as plain text (notifications, digests, lists)."""
    words = " ".join((text or "").split())
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"
