"""A reader for the JavaScript object literals that comment widgets print their data in.

Only literals: objects (quoted or bare keys), arrays, strings in either quote with
JavaScript's escapes (octal ``\\74`` included, as Blogger writes ``<``), numbers, ``true``,
``false`` and ``null``. No expressions are evaluated. Nesting is limited, so a hostile
page cannot exhaust the stack.

>>> parse_js_literal("x = [{'a': 'b\\\\74', b: -1.5, \\"c\\": [true, null]}];", 4)[0]
[{'a': 'b<', 'b': -1.5, 'c': [True, None]}]
"""

from __future__ import annotations

import re

__all__ = ["JsSyntaxError", "parse_js_literal"]

JsValue = None | bool | float | int | str | list["JsValue"] | dict[str, "JsValue"]

_MAX_DEPTH = 50
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\n": "",
}
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([0-7]{1,3})|(.))", re.DOTALL)
_STRINGS = {
    quote: re.compile(rf"{quote}((?:[^{quote}\\]|\\.)*+){quote}", re.DOTALL) for quote in "'\""
}
_WORDS: dict[str, JsValue] = {"true": True, "false": False, "null": None, "undefined": None}


class JsSyntaxError(ValueError):
    """The text at the given position is not a literal this reader understands."""


def parse_js_literal(text: str, start: int = 0) -> tuple[JsValue, int]:
    """The literal that begins at ``start`` in ``text``, and where it ends."""
    return _Reader(text).value(start, 0)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, depth: int) -> tuple[JsValue, int]:
        if depth > _MAX_DEPTH:
            raise JsSyntaxError("literal nested too deeply")
        pos = self.skip(pos)
        char = self.text[pos : pos + 1]
        if char == "{":
            return self.object(pos + 1, depth)
        if char == "[":
            return self.array(pos + 1, depth)
        if char in "'\"" and char:
            return self.string(pos)
        if number := _NUMBER.match(self.text, pos):
            literal = number.group()
            parsed = float(literal) if any(c in literal for c in ".eE") else int(literal)
            return parsed, number.end()
        if (name := _NAME.match(self.text, pos)) and name.group() in _WORDS:
            return _WORDS[name.group()], name.end()
        raise JsSyntaxError(f"no literal at position {pos}")

    def object(self, pos: int, depth: int) -> tuple[JsValue, int]:
        out: dict[str, JsValue] = {}
        pos = self.skip(pos)
        while self.text[pos : pos + 1] != "}":
            char = self.text[pos : pos + 1]
            if char in "'\"" and char:
                key, pos = self.string(pos)
            elif name := _NAME.match(self.text, pos):
                key, pos = name.group(), name.end()
            else:
                raise JsSyntaxError(f"no object key at position {pos}")
            pos = self.skip(pos)
            if self.text[pos : pos + 1] != ":":
                raise JsSyntaxError(f"no ':' at position {pos}")
            out[str(key)], pos = self.value(pos + 1, depth + 1)
            pos = self.after_item(pos, "}")
        return out, pos + 1

    def array(self, pos: int, depth: int) -> tuple[JsValue, int]:
        out: list[JsValue] = []
        pos = self.skip(pos)
        while self.text[pos : pos + 1] != "]":
            item, pos = self.value(pos, depth + 1)
            out.append(item)
            pos = self.after_item(pos, "]")
        return out, pos + 1

    def after_item(self, pos: int, close: str) -> int:
        pos = self.skip(pos)
        char = self.text[pos : pos + 1]
        if char == ",":
            return self.skip(pos + 1)
        if char == close:
            return pos
        raise JsSyntaxError(f"expected ',' or {close!r} at position {pos}")

    def string(self, pos: int) -> tuple[str, int]:
        match = _STRINGS[self.text[pos]].match(self.text, pos)
        if match is None:
            raise JsSyntaxError(f"unterminated string at position {pos}")
        return _ESCAPE.sub(_unescape, match.group(1)), match.end()


def _unescape(match: re.Match[str]) -> str:
    hex2, hex4, octal, other = match.groups()
    if hex2 or hex4:
        return chr(int(hex2 or hex4, 16))
    if octal:
        return chr(int(octal, 8))
    return _SIMPLE_ESCAPES.get(other, other)
