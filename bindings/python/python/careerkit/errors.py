"""careerkit's exceptions: one class per error kind, all under :class:`CareerkitError`."""

from ._native import (
    CareerkitError,
    CorruptFileError,
    InternalError,
    InvalidInputError,
    LimitExceededError,
    NetworkError,
    NoTextLayerError,
    NotFoundError,
    ParseTimeoutError,
    PasswordProtectedError,
    UnsupportedFormatError,
)

__all__ = [
    "CareerkitError",
    "CorruptFileError",
    "InternalError",
    "InvalidInputError",
    "LimitExceededError",
    "NetworkError",
    "NoTextLayerError",
    "NotFoundError",
    "ParseTimeoutError",
    "PasswordProtectedError",
    "UnsupportedFormatError",
]
