"""The one base of every failure a user can cause or fix: a bad input, model, store, query or option.

Each stage raises its own subclass (ingest.InputError, nlp.ModelError, store.StoreError, ...),
whose message is one line naming the file or option and the problem. The CLI catches KgError
alone and prints that line; anything else is a bug in kg and keeps its traceback.
"""


class KgError(Exception):
    """A failure the user can act on; str(error) is one line saying what and where."""


class OutputError(KgError):
    """An output that cannot be written (a read-only folder, a full disk)."""


__all__ = ["KgError", "OutputError"]
