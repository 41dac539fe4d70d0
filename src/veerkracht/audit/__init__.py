"""Public surface of the audit app: :func:`log`, :class:`Event`, :class:`Result`."""

from veerkracht.audit.events import Event

__all__ = ["Event", "Result", "log"]


def __getattr__(name: str):  # noqa: ANN202 - lazy, so that importing Event needs no app registry
    if name == "log":
        from veerkracht.audit.logger import log

        return log
    if name == "Result":
        from veerkracht.audit.models import Result

        return Result
    raise AttributeError(name)
