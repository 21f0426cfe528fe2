"""The archivist's records in the store: corrections, takedowns and their audit log."""

from __future__ import annotations

from collections.abc import Sequence

from archive import editorial
from archive.corrections import Asked, Change, Correction, Fix, Signed
from archive.document import Document
from archive.editorial import AuditEntry, Takedown, Takedowns
from archive.errors import AlreadyCorrected, BadCorrection, UnknownArticle
from archive.store.captures import Captures
from archive.store.schema import atomic


class Edits(Captures):
    """Corrections applied to every Document the store returns, and stories withdrawn."""

    def corrections(self, doc_id: str) -> list[Correction]:
        """Return the corrections of a document, in the order they apply."""
        return editorial.load_corrections(self._db, [doc_id]).get(doc_id, [])

    def correct(self, doc: Document, fixes: Sequence[Fix], signed: Signed) -> list[Change]:
        """Check and store corrections of a document; return each field's value before and after.

        Raises:
            BadCorrection: a value is wrong, or the fields would keep their values; nothing
                was stored.
        """
        with atomic(self._db) as db:
            changed = editorial.correct(db, self._derived_or_unknown(doc), fixes, signed)
            self._touch([doc.id])
        return changed

    def correct_many(self, asked: Sequence[Asked]) -> list[list[Change] | None]:
        """Make every asked correction in one transaction, all or none; return their changes.

        A request whose corrections are all stored already changes nothing and gives None.

        Raises:
            BadCorrection: a request names no article, or cannot be made (see `correct`); it
                carries that request's line. Nothing was stored.
        """
        done: list[list[Change] | None] = []
        with atomic(self._db) as db:
            for one in asked:
                try:
                    doc = self.lookup(one.ref)
                    derived = self._derived_or_unknown(doc)
                    done.append(editorial.correct(db, derived, one.fixes, one.signed))
                    self._touch([doc.id])
                except AlreadyCorrected:
                    done.append(None)
                except BadCorrection as exc:
                    raise BadCorrection(exc.message, line=one.line) from exc
                except UnknownArticle as exc:
                    raise BadCorrection(str(exc), line=one.line) from exc
        return done

    def undo_corrections(
        self, doc: Document, fields: Sequence[str], signed: Signed
    ) -> list[Change]:
        """Remove every correction of these fields of a document; return what that changed.

        Raises:
            BadCorrection: a field has no correction; nothing was removed.
        """
        with atomic(self._db) as db:
            changed = editorial.undo(db, self._derived_or_unknown(doc), fields, signed)
            self._touch([doc.id])
        return changed

    def hide(self, doc: Document, signed: Signed) -> Takedown:
        """Withdraw a story (and any copy of it at the URLs it was captured at) from view.

        Raises:
            BadCorrection: it is already hidden.
        """
        with atomic(self._db) as db:
            takedown, touched = editorial.hide(db, doc, signed)
            self._touch(touched)
        return takedown

    def unhide(self, doc: Document, signed: Signed) -> list[Takedown]:
        """Bring a withdrawn story back as it was; return the takedowns lifted.

        Raises:
            BadCorrection: it is not hidden.
        """
        with atomic(self._db) as db:
            lifted, touched = editorial.unhide(db, doc, signed)
            self._touch(touched)
        return lifted

    def takedown_of(self, doc: Document) -> Takedown | None:
        """Return the takedown that withdraws this document, if it is withdrawn."""
        return editorial.takedown_of(self._db, doc)

    def takedowns(self) -> Takedowns:
        """Return every withdrawn story, to leave out of an index or an export."""
        return editorial.takedowns(self._db)

    def audit_log(self) -> list[AuditEntry]:
        """Return every correction, undo, hide and unhide ever made, oldest first."""
        return editorial.audit_log(self._db)

    def _derived_or_unknown(self, doc: Document) -> Document:
        derived = self.derived(doc.id)
        if derived is None:
            raise UnknownArticle(doc.canonical_url or doc.url)
        return derived
