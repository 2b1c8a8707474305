"""The docmill error tree.

::

    DocmillError                      every error docmill raises on purpose
    ├── InputError                    the input cannot become a document (quarantined)
    │   ├── EmptyInput                no bytes, or no text once cleaned
    │   ├── BinaryInput               images, archives, PDFs, office files, NUL-heavy data
    │   ├── TooLarge                  above the configured size limit
    │   └── UnsupportedFormat         a format docmill does not read
    ├── ValidationFailed              a document does not satisfy the JSON Schema
    ├── RuleError                     a rule or source file is invalid (refused at load)
    └── OutputError                   the output folder cannot be written or is locked
        └── TransientIOError          a read/write that may succeed when retried

Input and validation errors are turned into reject records at the stage boundary;
only ``TransientIOError`` is retried.
"""

from __future__ import annotations


class DocmillError(Exception):
    """Base class of every error docmill raises on purpose."""


class InputError(DocmillError):
    """The input cannot become a document; it is quarantined with this reason."""

    stage = "decode"


class EmptyInput(InputError):
    """The input has no bytes, or no text once cleaned."""


class BinaryInput(InputError):
    """The input is binary data (detected by content, not by name)."""


class TooLarge(InputError):
    """The input is larger than the configured limit."""


class UnsupportedFormat(InputError):
    """The input's format is not one docmill reads."""


class ValidationFailed(DocmillError):
    """A document does not satisfy the JSON Schema."""


class RuleError(DocmillError):
    """A rule file or source catalogue is invalid."""


class OutputError(DocmillError):
    """The output folder cannot be written, or another run holds it."""


class TransientIOError(OutputError):
    """An I/O failure that may succeed when retried."""
