"""The docmill error tree.

::

    DocmillError                      every error docmill raises on purpose
    ├── Quarantined                   an input or a document is set aside (a reject record)
    │   ├── InputError                the whole input cannot become a document
    │   │   ├── EmptyInput            no bytes, or no text once cleaned
    │   │   ├── BinaryInput           images, archives, PDFs, office files, NUL-heavy data
    │   │   ├── TooLarge              above the configured size limit
    │   │   └── UnsupportedFormat     a format docmill does not read
    │   └── DocumentRejected          one document of an input may not be published
    │       ├── MarkupDebris          its body is mostly brackets, punctuation and URL syntax
    │       ├── AbsurdWords           its "words" are far too long to be words
    │       └── ValidationFailed      it does not satisfy the JSON Schema
    ├── RuleError                     a rule or source file is invalid (refused at load)
    ├── UsageError                    an argument, folder or file named on the command line is unusable
    └── OutputError                   the output folder cannot be written or is locked

A quarantined error carries its context on the instance: ``stage`` is where it
really happened (``read``, ``decode``, ``clean``, ``split``, ``gate``, ``validate``;
the class value is only a default) and ``part`` the document of the file it concerns
(None for the whole file). The pipeline turns it into a reject record at the stage
boundary. Nothing here is retried; Prefect retries a batch only on ``OSError``.
"""

from __future__ import annotations


class DocmillError(Exception):
    """Base class of every error docmill raises on purpose."""


class Quarantined(DocmillError):
    """An input or one of its documents is set aside, with the stage it happened in."""

    stage = "decode"

    def __init__(self, message: str = "", *, stage: str | None = None, part: int | None = None) -> None:
        super().__init__(message)
        if stage is not None:
            self.stage = stage
        self.part = part

    @property
    def reason(self) -> str:
        """The reject record's reason: the error's class name."""
        return type(self).__name__


class InputError(Quarantined):
    """The input cannot become a document; it is quarantined with this reason."""


class EmptyInput(InputError):
    """The input has no bytes, or no text once cleaned."""


class BinaryInput(InputError):
    """The input is binary data (detected by content, not by name)."""


class TooLarge(InputError):
    """The input is larger than the configured limit."""


class UnsupportedFormat(InputError):
    """The input's format is not one docmill reads."""


class DocumentRejected(Quarantined):
    """One document cleaning produced may not be published (``flows.clean.gates``)."""

    stage = "gate"


class MarkupDebris(DocumentRejected):
    """The body is mostly markup debris: brackets, punctuation, URL syntax."""


class AbsurdWords(DocumentRejected):
    """The body's characters per word are beyond any language's words."""


class ValidationFailed(DocumentRejected):
    """A document does not satisfy the JSON Schema."""

    stage = "validate"


class RuleError(DocmillError):
    """A rule file or source catalogue is invalid."""


class UsageError(DocmillError):
    """An argument, folder or file named on the command line cannot be used (refused before a run starts)."""


class OutputError(DocmillError):
    """The output folder cannot be written, or another run holds it."""
