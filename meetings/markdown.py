"""Markdown that members write (notes, agendas, homework), as safe HTML for pages and as plain text for
mails, calendar files and search.

CommonMark through markdown-it-py, whose time grows in step with the length of the text (the Markdown
package took minutes on 20 KB of `[` and raised RecursionError on a list nested 300 deep). The HTML is
rendered once, when the text is saved, and sanitised with nh3: members write text, never HTML or scripts.
"""

import re

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt

# Blocks nested deeper than this (lists in lists, quotes in quotes) are left out: the parser stops there
# instead of recursing, and what the sanitiser does per element grows with the depth. Real notes nest
# a few levels; the text itself is kept as written.
MAX_NESTING = 20
# A text sits under the page's h1 and an h2 of its own (the note's text, "Agenda", a revision).
FIRST_HEADING = 3
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr"} | {
    f"h{level}" for level in range(FIRST_HEADING, 7)
}
# Raw HTML blocks whose content is code or markup, not text for a reader.
HIDDEN_HTML_BLOCK = re.compile(r"\s*<(?:script|style|!|\?)", re.IGNORECASE)
# Control characters other than tab and new line: PostgreSQL's search snippets mark matches with two of them.
CONTROL_CHARACTERS = dict.fromkeys([*range(9), *range(11, 32), 127])


def _strip_tags(html):
    """The text of a raw HTML block, in one pass (no regular expression that can backtrack)."""
    if HIDDEN_HTML_BLOCK.match(html):
        return ""
    parts, position = [], 0
    while (start := html.find("<", position)) != -1:
        end = html.find(">", start)
        if end == -1:
            break
        parts.append(html[position:start])
        position = end + 1
    parts.append(html[position:])
    return "".join(parts).strip()


def _html_block(renderer, tokens, index, options, env):
    text = _strip_tags(tokens[index].content)
    return f"<p>{escape(text).replace(chr(10), '<br>')}</p>\n" if text else ""


def _image(renderer, tokens, index, options, env):
    # Images are not shown (they could be tracking pixels); their description is.
    return escape(tokens[index].content)


def _parser():
    parser = MarkdownIt("commonmark", {"breaks": True, "maxNesting": MAX_NESTING})
    # Every link becomes <a>; nh3 then drops an href whose scheme is not allowed (javascript:, data:) and
    # keeps the link text, where markdown-it would have left "[text](javascript:...)" as it was typed.
    parser.validateLink = lambda url: True
    parser.add_render_rule("html_inline", lambda *args: "")  # a tag in running text: its text stays
    parser.add_render_rule("html_block", _html_block)
    parser.add_render_rule("image", _image)
    return parser


PARSER = _parser()


def _fit_headings(tokens):
    """Number the headings from FIRST_HEADING down without skipping a level, whatever the author typed
    (# and ### become h3 and h4), so the text fits the page's outline."""
    open_levels = []  # (level typed, level shown) of the headings the next one may sit under
    for token in tokens:
        if token.type == "heading_open":
            typed = int(token.tag[1])
            while open_levels and open_levels[-1][0] >= typed:
                open_levels.pop()
            shown = min(open_levels[-1][1] + 1 if open_levels else FIRST_HEADING, 6)
            open_levels.append((typed, shown))
            token.tag = f"h{shown}"
        elif token.type == "heading_close":
            token.tag = f"h{open_levels[-1][1]}"


def render(text):
    """(HTML, plain text) of `text` from one parse: what a model stores when the text is saved."""
    tokens = PARSER.parse(text or "")
    return _html(tokens), _plain_text(tokens)


def render_markdown(text):
    """Sanitised HTML of `text`, to be stored and shown as it is. Headings start at h3."""
    return _html(PARSER.parse(text or ""))


def markdown_to_text(text):
    """`text` as plain text: no Markdown signs, lists with "-" or numbers, links with their address.
    For the text part of mails, calendar files and search; the same nesting limit as render_markdown."""
    return _plain_text(PARSER.parse(text or ""))


def _html(tokens):
    _fit_headings(tokens)
    html = PARSER.renderer.render(tokens, PARSER.options, {})
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _inline_text(children):
    parts, link_starts = [], []
    for token in children or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(token.content)
        elif token.type == "link_open":
            link_starts.append((len(parts), token.attrGet("href") or ""))
        elif token.type == "link_close" and link_starts:
            start, href = link_starts.pop()
            label = "".join(parts[start:])
            # A reader of a plain-text mail needs the address; a bare address in <...> is already there.
            if href.startswith(("http:", "https:", "mailto:")) and href.removeprefix("mailto:") != label:
                parts.append(f" ({href})")
    return "".join(parts)


def _plain_text(tokens):
    lines = []
    indents = []  # what each open list item or quote puts before its lines
    markers = []  # None (bullets) or the next number, per open list
    pending = None  # (place in indents, marker) of a list item whose first line is not written yet

    def write(block):
        nonlocal pending
        for line in block.split("\n"):
            parts = list(indents)
            if pending is not None:
                parts[pending[0]] = pending[1]
                pending = None
            lines.append(("".join(parts) + line).rstrip())

    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            markers.append(None)
        elif kind == "ordered_list_open":
            markers.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            markers.pop()
            if not markers:
                lines.append("")
        elif kind == "list_item_open":
            number = markers[-1]
            marker = "- " if number is None else f"{number}. "
            if number is not None:
                markers[-1] = number + 1
            pending = (len(indents), marker)
            indents.append(" " * len(marker))
        elif kind == "blockquote_open":
            indents.append("> ")
        elif kind in ("list_item_close", "blockquote_close"):
            indents.pop()
        elif kind == "inline":
            write(_inline_text(token.children))
        elif kind in ("code_block", "fence"):
            write(token.content.rstrip("\n"))
            lines.append("")
        elif kind == "html_block":
            stripped = _strip_tags(token.content)
            if stripped:
                write(stripped)
                lines.append("")
        elif kind in ("paragraph_close", "heading_close") and not token.hidden:
            lines.append("")
        elif kind == "hr":
            write("")
    plain = "\n".join(lines).translate(CONTROL_CHARACTERS)
    return re.sub(r"\n{3,}", "\n\n", plain).strip()
