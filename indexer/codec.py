"""The codec every index writer uses: Whoosh's W3 format, tuned for how Dateline reads it."""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.arrays import Docnums

# Search decodes whole posting lists (every match counts for totals and facets), so the per-block
# costs of Whoosh's 128-posting blocks (a pickled header read a few bytes at a time, a seek, a
# zlib call) add up, while the block-max skipping that small blocks serve is never used.
POSTINGS_PER_BLOCK = 2048


class PostingsCodec(W3Codec):  # type: ignore[misc]
    """W3 with long posting blocks and field lengths read once per segment."""

    def __init__(self) -> None:
        """Use POSTINGS_PER_BLOCK postings a block (zlib level 3, as W3's default)."""
        super().__init__(blocklimit=POSTINGS_PER_BLOCK)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        """Return the segment's field writer."""
        return _FieldWriter(self, storage, segment)


class SplitPostingsCodec(PostingsCodec):
    """PostingsCodec whose blocks keep the postings' values (positions) apart from ids and weights.

    Scoring and facets read only ids and weights; W3 pickles a block's positions together with
    them, so every search unpickled thousands of position strings it never used. Segments
    written by PostingsCodec keep reading as before: each segment names its own codec.
    """

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        """Return the writer of one field's posting lists (term vectors keep W3's blocks)."""
        if byteids:
            return super().postings_writer(dbfile, byteids)
        return _SplitPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        """Return a matcher over one term's postings."""
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return SplitLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


# A split block's data: the length of part one, part one (ids and weights), part two (values).
_PART_ONE = struct.Struct("<I")


class _SplitPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    # W3's _write_block with the data in two compressed pickles; the block header is W3's.
    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        comp = self._compression
        first = _squeeze((self._mini_ids(), self._mini_weights()), comp)
        second = _squeeze(self._mini_values(), comp)
        databytes = _PART_ONE.pack(len(first)) + first + second
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            comp,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class SplitLeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """W3's matcher over split blocks: a block's values are unpickled only when asked for."""

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        size = _PART_ONE.unpack_from(data)[0]
        start = _PART_ONE.size
        ids, weights = _unsqueeze(data[start : start + size], self._compression)
        self._data = (ids, weights, None)
        self._packed_values = data[start + size :]

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        if self._packed_values is not None:
            values = _unsqueeze(self._packed_values, self._compression)
            self._data = (self._data[0], self._data[1], values)
            self._packed_values = None
        super()._read_values()


def _squeeze(value: object, level: int) -> bytes:
    data = pickle.dumps(value, 2)
    return zlib.compress(data, level) if level else data


def _unsqueeze(data: bytes, level: int) -> Any:
    return pickle.loads(zlib.decompress(data) if level else data)


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    # W3 looks up the document's field length for every posting it writes, one seek and read
    # of the lengths column each: about 15% of a build. Read each column once instead.
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        table = _LengthTable(lengths) if lengths is not None else None
        super().add_postings(schema, table, items)


class _LengthTable:
    """A per-document reader's field lengths, each field's column read in one pass."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[int | None] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._fields:
            self._fields[fieldname] = self._read(fieldname)
        lengths = self._fields[fieldname]
        return default if lengths is None else lengths[docnum]

    def _read(self, fieldname: str) -> list[int | None] | None:
        column = _lenfield(fieldname)
        if not self._reader.has_column(column):
            return None
        values = self._reader.column_reader(column, LENGTHS_COLUMN)
        # As W3's own lookup: a zero byte (no length stored) reads as None.
        return [byte_to_length(b) if b else None for b in values]


_BLOCK_LENGTH = struct.Struct("!i")  # W3's block length; negative for a term's last block


def read_postings(reader: Any, fieldname: str, text: str) -> tuple[Docnums, Any] | None:
    """Return a term's document numbers and weights in one segment, reading its list at once.

    A matcher reads each block's header and pickle a few bytes at a time (about 26 file reads
    a block) and decodes the ids one by one in Python. This reads the term's whole extent with
    one read and decodes each block's ids with numpy. None when this segment's postings are not
    plain W3 or split blocks without deletions (the caller then uses the matcher).
    """
    terms: Any = getattr(reader, "_terms", None)
    codec = getattr(terms, "_codec", None)
    if not isinstance(codec, W3Codec) or reader.has_deletions():
        return None
    info = terms.term_info(fieldname, reader._text_to_bytes(fieldname, text))
    if info.is_inlined():
        return None
    return _read_extent(terms, codec, info)


def segment_postings(segment: Any, fieldname: str) -> Iterator[tuple[str, Docnums]]:
    """Yield every term of a field in one segment with all its documents' numbers, deleted ones
    too (which documents are deleted changes from one commit to the next; the postings never).

    The lexicon is read in order, each term's list whole: looking terms up one by one asks
    every segment for each (a multi-segment reader's postings()), which took 27 s of opening
    an index of 100,000 articles.
    """
    from_bytes = segment.schema[fieldname].from_bytes
    terms: Any = getattr(segment, "_terms", None)
    codec = getattr(terms, "_codec", None)
    plain = isinstance(codec, W3Codec)
    format_ = segment.schema[fieldname].format
    for btext, info in segment.iter_field(fieldname):
        ids: Docnums | None = None
        if plain and info.is_inlined():
            ids = np.asarray(info.inlined_postings()[0], dtype=np.int32)
        elif plain:
            whole = _read_extent(terms, codec, info)
            ids = whole[0] if whole is not None else None
        if ids is None:  # another codec: its own matcher, without the reader's deletion filter
            matcher = terms.matcher(fieldname, btext, format_)
            ids = np.fromiter(matcher.all_ids(), dtype=np.int32)
        yield from_bytes(btext), ids


def _read_extent(terms: Any, codec: W3Codec, info: Any) -> tuple[Docnums, Any] | None:
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's tuple
        (length,) = length
    raw = terms._postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    ids, weights = _decode_blocks(memoryview(raw), isinstance(codec, SplitPostingsCodec))
    return ids, weights


def _decode_blocks(raw: memoryview, split: bool) -> tuple[Docnums, npt.NDArray[np.float32]]:
    ids: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float32]] = []
    position = 4  # after the magic
    last = False
    while not last:
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        position += _BLOCK_LENGTH.size
        last, length = length < 0, abs(length)
        block = io.BytesIO(raw[position : position + length])
        count, _, _, compression, _, _ = pickle.load(block)
        data = block.read()
        if split:
            size = _PART_ONE.unpack_from(data)[0]
            deltas, block_weights = _unsqueeze(
                data[_PART_ONE.size : _PART_ONE.size + size], compression
            )
        else:
            deltas, block_weights, _ = _unsqueeze(data, compression)
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        weights.append(_weights(block_weights, count))
        position += length
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights)


def _weights(stored: Any, count: int) -> npt.NDArray[np.float32]:
    # W3 writes None when every weight is 1.0, one float when all are equal.
    if stored is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(stored, float):
        return np.full(count, stored, dtype=np.float32)
    return np.asarray(stored, dtype=np.float32)
