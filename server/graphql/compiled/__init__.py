"""The compiled read path: a whole query answered by one SQL statement per root field.

The database builds the JSON answer (nested relations and pages included); Python only
checks what it may compile, binds arguments and adds signed cursors. Anything outside
that subset — mutations, fields computed in Python, history, errors of any kind —
runs through the general resolver path, which is the reference: a differential test
holds the two to identical answers.
"""
from .run import try_compiled

__all__ = ["try_compiled"]
