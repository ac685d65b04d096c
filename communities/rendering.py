"""Posts' Markdown rendered once and kept in the cache, per post and version of its text: a thread
of two hundred replies is read far more often than it is written."""

from collections.abc import Iterable

from django.core.cache import cache
from django.utils.safestring import SafeString

from network_animation.text import markdown_render

from .models import Post

HTML_SECONDS = 7 * 24 * 3600


def _key(post: Post) -> str:
    version = (post.edited_at or post.created_at).timestamp()
    return f"post-html:{post.tenant_id}:{post.pk}:{version}"


def posts_with_html(posts: Iterable[Post]) -> list[Post]:
    """The posts, each with `html`: its text rendered safe (from the cache when it can)."""
    posts = list(posts)
    keys = {_key(post): post for post in posts}
    found = cache.get_many(list(keys))
    missing = {}
    for key, post in keys.items():
        html = found.get(key)
        if html is None:
            html = missing[key] = str(markdown_render(post.body))
        # Only this module writes these keys, with HTML sanitised by markdown_render.
        post.html = SafeString(html)  # type: ignore[attr-defined]  # read by the templates
    if missing:
        cache.set_many(missing, HTML_SECONDS)
    return posts
