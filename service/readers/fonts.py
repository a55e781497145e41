"""Each font of a PDF parsed once per reading, not once per page.

pypdf parses every font of a page's resources (its widths, encoding and ToUnicode map) again for each
page and each form it extracts text from: about a tenth of a text PDF's reading. The pages of a
document share their fonts (the same objects, resolved once by the reader), so while
`fonts_parsed_once` is active a font dictionary already parsed gives its parsed `Font` again.

pypdf (pinned) does not take the fonts from its caller: its font parser is wrapped, once, at import;
outside `fonts_parsed_once` (any other code of the process, any other thread) it parses as before.
pypdf does not change a parsed `Font` while it extracts (it sets `space_width` to the value of its
argument, the same on every call), so sharing one between pages reads the same text.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from pypdf.generic._font import Font

# id of the font dictionary → (the dictionary, kept so that its id is not reused; its Font)
_CACHE: contextvars.ContextVar[dict[int, tuple[Any, Font]] | None] = contextvars.ContextVar(
    "vanthu_pdf_fonts", default=None
)
_parse = Font.from_font_resource.__func__  # type: ignore[attr-defined]


def _from_font_resource(cls: type[Font], pdf_font_dict: Any) -> Font:
    cache = _CACHE.get()
    if cache is None:
        return _parse(cls, pdf_font_dict)
    hit = cache.get(id(pdf_font_dict))
    if hit is None:
        # a font pypdf cannot parse raises here each time, as before
        hit = cache[id(pdf_font_dict)] = (pdf_font_dict, _parse(cls, pdf_font_dict))
    return hit[1]


setattr(Font, "from_font_resource", classmethod(_from_font_resource))  # noqa: B010


@contextlib.contextmanager
def fonts_parsed_once() -> Iterator[None]:
    """Within the block (one document's reading), each font dictionary is parsed once."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)
