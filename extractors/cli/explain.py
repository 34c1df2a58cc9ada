"""``copydesk explain``: every line the cleaners saw, kept or removed and by which rule.

Plain text when piped; colours on a terminal (rich decides from the stream).
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from extractors.cleaning import LineDecision, Role
from extractors.pipeline import Extraction
from extractors.records import Comment

_STYLE = {
    Role.HEADLINE: "bold cyan",
    Role.BODY: "",
    Role.CAPTURED: "yellow",
    Role.REMOVED: "red",
    Role.COMMENT: "green",
    Role.BLANK: "",
}
_MARK = {
    Role.HEADLINE: "H",
    Role.BODY: "+",
    Role.CAPTURED: "M",
    Role.REMOVED: "-",
    Role.COMMENT: "C",
    Role.BLANK: " ",
}
_LEGEND = "H headline, + body, M captured into metadata, - removed, C comment section"
_MAX_SHOWN_CHARS = 160


def explain(extraction: Extraction, console: Console) -> None:
    """Print the decisions, the article's fields and the comment tree."""
    diagnostics = extraction.diagnostics
    console.print(f"[bold]lines[/bold] ({_LEGEND})")
    for decision in diagnostics.decisions:
        console.print(_line(decision), highlight=False)
    console.print()
    article = extraction.article
    console.print("[bold]article[/bold]", highlight=False)
    for name in ("headline", "authors", "datePublished", "inLanguage", "commentCount"):
        console.print(f"  {name}: {escape(repr(getattr(article, name)))}", highlight=False)
    console.print(f"  profile: {diagnostics.profile}", highlight=False)
    for note in diagnostics.notes:
        console.print(f"  note: {escape(note)}", highlight=False)
    fired = diagnostics.rules_fired()
    if fired:
        console.print("[bold]rules fired[/bold]")
        for rule, count in sorted(fired.items(), key=lambda item: (-item[1], item[0])):
            console.print(f"  {count:4}  {rule}", highlight=False)
    console.print(f"[bold]comments[/bold] ({len(extraction.comments)})")
    origins = diagnostics.comment_origins
    for index, comment in enumerate(extraction.comments):
        console.print(_comment(comment), highlight=False)
        if index < len(origins):
            indent = "  " * (comment.depth + 2)
            console.print(f"[dim]{indent}taken: {escape(origins[index])}[/dim]", highlight=False)


def _line(decision: LineDecision) -> str:
    text = (
        decision.text
        if len(decision.text) <= _MAX_SHOWN_CHARS
        else (decision.text[:_MAX_SHOWN_CHARS] + "…")
    )
    rule = f"  [{decision.rule}]" if decision.rule and decision.role is not Role.HEADLINE else ""
    style = _STYLE[decision.role]
    body = f"{decision.number:5} {_MARK[decision.role]} {escape(text)}"
    if style:
        body = f"[{style}]{body}[/{style}]"
    return body + (f"[dim]{escape(rule)}[/dim]" if rule else "")


def _comment(comment: Comment) -> str:
    indent = "  " * (comment.depth + 1)
    first_line = (comment.text or "(no text)").split("\n", 1)[0][:100]
    date = f" {comment.datePublished}" if comment.datePublished else ""
    return f"{indent}└ [bold]{escape(comment.author or '?')}[/bold]{date}: {escape(first_line)}"
