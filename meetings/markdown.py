"""Markdown for notes, rendered and then sanitised with nh3: members write text, never HTML or scripts."""

import markdown as markdown_library
import nh3
from django.utils.safestring import mark_safe

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "hr"}


def render_markdown(text):
    html = markdown_library.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Headings written as # or ## become h3/h4: a note sits under the page's own h1 and h2.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
