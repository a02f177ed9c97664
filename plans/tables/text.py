"""Plain text in cells ↔ the description streams of measures and items; how titles compare.

One place for the mapping, used by the importer to compare and write and by the exporter
to write: paragraphs are separated by a blank line, and a single line break inside a
paragraph is kept as a line break. :func:`stream_to_description` of
:func:`description_to_stream` gives back :func:`normalise_description` of the text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from wagtail.rich_text import RichText

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n+")


def title_key(text: str) -> str:
    """How titles are compared: NFKC, no white space, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def description_paragraphs(text: str) -> list[str]:
    """The paragraphs of a cell: split at blank lines, lines trimmed, empty ones dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip() for line in chunk.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def normalise_description(text: str) -> str:
    return "\n\n".join(description_paragraphs(text))


def description_to_stream(text: str) -> list[tuple[str, RichText]]:
    """A stream value (for a ``DescriptionStreamBlock`` field): one paragraph block per
    paragraph, line breaks as ``<br/>``."""
    return [
        ("paragraph", RichText(f"<p>{html.escape(paragraph, quote=False).replace(chr(10), '<br/>')}</p>"))
        for paragraph in description_paragraphs(text)
    ]


class _TextExtractor(HTMLParser):
    _BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.lists: list[str] = []

    def flush(self):
        paragraph = "".join(self.current)
        if paragraph.strip():
            self.paragraphs.append(paragraph)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.current.append("\n")
        elif tag == "li":
            if self.current and "".join(self.current).strip():
                self.current.append("\n")
            self.current.append("・")
        elif tag in ("ul", "ol") or tag in self._BLOCKS:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") or (tag in self._BLOCKS and tag != "li"):
            self.flush()

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))


def html_to_text(source: str) -> str:
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def stream_to_description(stream) -> str:
    """The text of a description stream as a cell holds it. Paragraphs, headings and the
    body of callouts become paragraphs; other blocks (tables, images, links) have no text
    form and are left out."""
    parts: list[str] = []
    for block in stream or []:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(html_to_text(getattr(value, "source", str(value))))
        elif block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "callout":
            if value.get("title"):
                parts.append(value["title"])
            body = value.get("body")
            parts.append(html_to_text(getattr(body, "source", str(body or ""))))
    return normalise_description("\n\n".join(parts))


def stream_is_plain(stream) -> bool:
    """Whether a stream holds only paragraphs, so that rewriting it from text loses nothing."""
    return all(block.block_type == "paragraph" for block in stream or [])
