"""Small HTML pieces shared by the documents, the extraction record and the offline view."""
from __future__ import annotations

from html import escape
from importlib import resources
from string import Template
from typing import Any, Sequence


class Html(str):
    """Text that is already HTML (a marked blank): table cells print it as it is."""


def cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = (),
          whole: Sequence[int] = ()) -> str:
    """An HTML table; cells are escaped, columns in ``numeric`` right-aligned, those in ``whole``
    never broken across lines (names: a person's name split in two reads as two people)."""
    def td(i: int, value: Any) -> str:
        text = value if isinstance(value, Html) else escape(cell(value))
        if i in numeric:
            return f'<td class="num">{text}</td>'
        return f'<td class="nw">{text}</td>' if i in whole else f"<td>{text}</td>"

    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(td(i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def h2(text: str, anchor: str = "") -> str:
    """A section heading; ``anchor`` lets a link (or a reviewer) jump to it: report.html#facts."""
    return f'<h2 id="{escape(anchor)}">{escape(text)}</h2>' if anchor else f"<h2>{escape(text)}</h2>"


def para(text: str, cls: str = "") -> str:
    """A paragraph of plain text (escaped)."""
    return f'<p class="{cls}">{escape(text)}</p>' if cls else f"<p>{escape(text)}</p>"


def figure(src: str, caption: str, width_cm: float = 16.0) -> str:
    """A picture with its caption; ``src`` is relative to the document (the DOCX embeds the file)."""
    return (f'<div class="figure"><img src="{escape(src)}" alt="{escape(caption)}" data-width-cm="{width_cm}">'
            f'<p class="caption">{escape(caption)}</p></div>')


def page_break() -> str:
    return '<div class="pagebreak"></div>'


def blank(text: str) -> Html:
    """A marked placeholder for what only a person can fill."""
    return Html(f'<span class="placeholder">{escape(text)}</span>')


def template(name: str) -> Template:
    return Template(resources.files("graphfraud.case").joinpath("templates").joinpath(name).read_text(encoding="utf-8"))


def render(name: str, values: dict[str, str]) -> str:
    """Fill ``templates/<name>``: every $name must be given (a missing one is a bug, not a blank)."""
    return template(name).substitute(style=template("style.css").template, **values)


def document(lang: str, title: str, body: list[str]) -> str:
    """A whole document (``templates/document.html``) around ``body`` parts (already HTML)."""
    return render("document.html", {"lang": "zh-CN" if lang == "zh" else "en", "title": escape(title),
                                    "body": "\n".join(body)})
