"""Whoosh's segment writer and multiprocess writer, with postings kept in a PackedPostingPool."""

from __future__ import annotations

import os
from typing import Any

from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from archive import die_with_parent
from indexer.codec import SplitPostingsCodec
from indexer.pool import PackedPostingPool

# Documents a writer process receives at once (pickled to a job file by the parent).
_BATCH_DOCS = 256


class PackedSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose postings go to a PackedPostingPool (Whoosh hard-codes its own).

    Its segments are written with SplitPostingsCodec.
    """

    def __init__(self, ix: Index, limitmb: int = 128, **kwargs: Any) -> None:
        """Open a writer for ix keeping up to limitmb of postings in memory."""
        kwargs.setdefault("codec", SplitPostingsCodec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = PackedPostingPool(self._tempstorage, limitmb=limitmb)


class PackedMpWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multiprocess writer in multisegment mode: one new segment per writer process.

    The writer processes die with the process that started them, and cancel() ends them.
    """

    def __init__(self, ix: Index, procs: int, limitmb: int, unshared: tuple[int, ...] = ()) -> None:
        """Start writing ix with procs processes, each sorting up to limitmb of postings.

        The writer processes close the file descriptors in `unshared` (a lock's, say) first.
        """
        self._unshared = unshared
        super().__init__(
            ix,
            procs=procs,
            batchsize=_BATCH_DOCS,
            multisegment=True,
            limitmb=limitmb,
            codec=SplitPostingsCodec(),
        )
        self.pool = PackedPostingPool(self._tempstorage, limitmb=limitmb)
        # Fork every writer process now, before the job queue starts its feeder thread: forking
        # a process that has threads can deadlock (Python 3.12 warns of it).
        while len(self.tasks) < self.procs:
            self._new_task()

    def _new_task(self) -> SubWriterTask:
        task = _PackedSubWriter(self)
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        """Discard the writing, ending the writer processes (Whoosh's leaves them waiting)."""
        for task in self.tasks:
            task.terminate()
        for task in self.tasks:
            task.join()
        super().cancel()


class _PackedSubWriter(SubWriterTask):  # type: ignore[misc]
    # SubWriterTask.run() with a PackedSegmentWriter, multisegment mode only: the process takes
    # job files off the queue until told to stop, then writes its segment and reports it.
    def __init__(self, parent: PackedMpWriter) -> None:
        super().__init__(
            parent.storage,
            parent.indexname,
            parent.jobqueue,
            parent.resultqueue,
            parent.subargs,
            True,
        )
        self.parent_pid = os.getpid()
        self.unshared = parent._unshared

    def run(self) -> None:
        die_with_parent(self.parent_pid)
        for fd in self.unshared:
            os.close(fd)
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = PackedSegmentWriter(ix, _lk=False, **self.kwargs)
        while True:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        segment = writer._finalize_segment()
        self.resultqueue.put((None, writer.pool.fieldnames, segment), timeout=5)
