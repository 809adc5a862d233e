"""The one exception family the command line turns into a message without a traceback.

Every message names the file, row or option at fault and says what to do about it.
"""


class ImobenchError(Exception):
    """A user-facing failure; ``str(err)`` is the whole message."""

    exit_code = 2


class DataNotFound(ImobenchError):
    """No local copy of a dataset file and no way to download it."""


class ChecksumMismatch(ImobenchError):
    """A file's digest differs from its manifest's."""


class SchemaError(ImobenchError):
    """A file is not shaped like the dataset it is meant to be (columns, encoding, truncation, types)."""


class UnknownDataset(ImobenchError):
    """A dataset name, version or problem id that no manifest knows."""
