"""The one context-manager shape: `with Thing(...) as thing:` closes the thing on the way out."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """A mixin whose `with` block returns the object and calls its close() when it ends."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release what the object holds; each subclass says what."""
        raise NotImplementedError
