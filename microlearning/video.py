"""Video links: only hosts we allow, shown through their embed address (the pages' CSP lets
these two frame sources in, settings/base.py). Pure: no ORM, no network."""

import re
from urllib.parse import parse_qs, urlsplit

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}"
VIMEO_EMBED = "https://player.vimeo.com/video/{id}"
FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def _youtube_id(host: str, path: str, query: str) -> str | None:
    if host == "youtu.be":
        candidate = path.strip("/")
    elif path == "/watch":
        candidate = (parse_qs(query).get("v") or [""])[0]
    else:
        parts = path.strip("/").split("/")
        candidate = parts[1] if len(parts) == 2 and parts[0] in ("embed", "shorts", "live") else ""
    return candidate if _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(path: str) -> str | None:
    parts = path.strip("/").split("/")
    candidate = parts[-1] if parts else ""
    return candidate if _VIMEO_ID.match(candidate) else None


def video_embed_url(link: str) -> str | None:
    """The embed address of a YouTube or Vimeo video's link, or None for any other link."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.port:
        return None
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        found = _youtube_id(host, parts.path, parts.query)
        return YOUTUBE_EMBED.format(id=found) if found else None
    if host in VIMEO_HOSTS:
        found = _vimeo_id(parts.path)
        return VIMEO_EMBED.format(id=found) if found else None
    return None
