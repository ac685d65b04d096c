"""The API's one body format: JSON, with no NUL character anywhere (CHECKLIST P1)."""

import codecs
from typing import Any

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

from . import errors


class NulFreeJSONParser(JSONParser):
    """JSON whose strings (keys too) hold no NUL. PostgreSQL refuses one in any text it is
    given, so a NUL is refused here, once for every view, before a view or a service can pass it
    to a query."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as error:
            raise ParseError(errors.NOT_JSON % {"error": error}) from error
        # A strict JSON text can only carry NUL escaped, so most bodies skip the walk.
        if "\\u0000" in text and _holds_nul(data):
            raise ParseError(ProhibitNullCharactersValidator.message)
        return data


def _holds_nul(data: Any) -> bool:
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
