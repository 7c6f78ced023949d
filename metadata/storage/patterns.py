"""SQL LIKE patterns (`%`, `_`, `\\` escapes) parsed once and rendered for each database."""
from __future__ import annotations

from collections.abc import Sequence


class Wildcard:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ANY = Wildcard("ANY")
"""`%`: any sequence of characters."""
ONE = Wildcard("ONE")
"""`_`: exactly one character."""

Token = str | Wildcard


def parse_like(pattern: str) -> list[Token]:
    """Wildcards and literal characters; `\\x` is a literal x and a trailing `\\` is literal."""
    tokens: list[Token] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i + 1])
            i += 2
            continue
        tokens.append(ANY if char == "%" else ONE if char == "_" else char)
        i += 1
    return tokens


def like_pattern(tokens: Sequence[Token]) -> str:
    """Canonical LIKE text with `\\` as the escape character."""
    out = []
    for token in tokens:
        if token is ANY:
            out.append("%")
        elif token is ONE:
            out.append("_")
        elif token in ("%", "_", "\\"):
            out.append("\\" + str(token))
        else:
            out.append(str(token))
    return "".join(out)


def glob_pattern(tokens: Sequence[Token], fold_case: bool) -> str:
    """SQLite GLOB text: `*`, `?`, bracketed literals, and `[xX]` classes when folding case."""
    out = []
    for token in tokens:
        if token is ANY:
            out.append("*")
        elif token is ONE:
            out.append("?")
        elif token in ("*", "?", "["):
            out.append(f"[{token}]")
        else:
            char = str(token)
            variants = dict.fromkeys(v for v in (char, char.lower(), char.upper()) if len(v) == 1)
            out.append(f"[{''.join(variants)}]" if fold_case and len(variants) > 1 else char)
    return "".join(out)
