"""The derive job: WARC files in (any file system Spark reads), gzipped JSON Lines parts out.

Each file is read whole through Spark (binaryFiles), so no local copy is assumed; its captures
go through `article_of`, the very function `dateline reparse` calls on each capture. When the
files are fewer than the cores, the captures are spread over the cores before parsing (the
parser is the cost). The articles are then sorted back into file and record order, so that the
parts, read in name order, are the Documents reparse would store, in the order it stores them.
"""

from __future__ import annotations

import glob
import io
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from archive.config import OutletConfig
from archive.errors import SparkError, WarcError
from archive.pipeline import IngestSummary, article_of
from archive.warc import Capture, read_captures
from archive.wording import count_reasons, plural

if TYPE_CHECKING:
    from pyspark import RDD, SparkContext

Key = tuple[str, int]  # (the file's URL, the record's offset): reparse's order
Record = tuple[Key, str, Capture | str]
Outcome = tuple[Key, str, str]
Job = tuple[tuple[OutletConfig, ...], frozenset[str]]  # the outlets, the URLs kept as articles

CAPTURE, DOCUMENT, SKIPPED, NOTE = "capture", "document", "skipped", "note"
GZIP = "org.apache.hadoop.io.compress.GzipCodec"
LOG4J = Path(__file__).with_name("log4j2.properties")
# A local run stays on this machine: loopback only, no web UI on port 4040, Spark's own
# warnings (loopback hostname, no native Hadoop) kept off the command's stderr.
LOCAL_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG4J.as_uri()}",
}


@dataclass
class DeriveSummary:
    """What a derive job wrote: articles, parts, pages skipped by reason, notes on bad files."""

    out_dir: str
    documents: int = 0
    parts: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human line: '64 documents in 4 parts under out/; skipped 7 (...)'."""
        parts = plural(self.parts, "part")
        text = f"{plural(self.documents, 'document')} in {parts} under {self.out_dir}"
        if self.skipped:
            text += f"; skipped {sum(self.skipped.values())} ({count_reasons(self.skipped)})"
        return text


def derive_on_spark(
    master: str,
    warc_glob: str,
    out_dir: str,
    outlets: Sequence[OutletConfig],
    kept: frozenset[str] = frozenset(),
    max_body_bytes: int | None = None,
) -> DeriveSummary:
    """Derive the articles of every WARC matching `warc_glob` on Spark, into `out_dir`.

    `master` is as Spark names it (local[2], spark://host:7077, yarn); paths may be local or
    any URL Spark's Hadoop file systems read (hdfs://, s3a://). A URL in `kept` is an article
    whatever the parser says (the store's `dateline keep` list, as reparse uses it). A response
    whose body is longer than `max_body_bytes` is skipped as too large, as reparse does.

    Raises:
        SparkError: pyspark or Java is missing, `out_dir` exists, or the job failed.
        WarcError: no file matches `warc_glob`.
    """
    _check_paths(warc_glob, out_dir)
    context = _start_context(master)
    try:
        return _run(context, warc_glob, out_dir, (tuple(outlets), kept), max_body_bytes)
    except _spark_errors() as exc:
        raise _translated(exc, warc_glob) from exc
    finally:
        context.stop()


def _start_context(master: str) -> SparkContext:
    """A new SparkContext for `master`; a local one keeps to loopback and this interpreter.

    Raises:
        SparkError: pyspark is not installed, Java is not found, or Spark refuses the master.
    """
    _check_master(master)
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError as exc:
        raise SparkError(
            "pyspark is not installed; install the extra: pip install '.[spark]'"
        ) from exc
    _check_java()
    conf = SparkConf().setMaster(master).setAppName("dateline derive")
    conf.set("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
    local = master == "local" or master.startswith("local[")
    if local:
        conf.setAll(list(LOCAL_CONF.items()))
    try:
        context = SparkContext(conf=conf)
    except _spark_errors() as exc:
        raise SparkError(f"Spark cannot start with master {master!r}: {_first_line(exc)}") from exc
    if local:
        # Local workers must run this interpreter, where Dateline is installed; PySpark would
        # start whatever "python3" is first on PATH.
        context.pythonExec = sys.executable
    return context


def _run(
    context: SparkContext, warc_glob: str, out_dir: str, job: Job, max_body_bytes: int | None
) -> DeriveSummary:
    from pyspark import StorageLevel

    captures: RDD[Record] = context.binaryFiles(warc_glob).flatMap(
        partial(_records, max_body_bytes=max_body_bytes)
    )
    spread = 2 * context.defaultParallelism
    if captures.getNumPartitions() < spread:
        captures = captures.repartition(spread)
    outcomes = captures.map(partial(_outcome, job)).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        summary = _summary(outcomes, out_dir)
        articles = outcomes.filter(_is_document).map(_keyed_text)
        parts = articles.getNumPartitions()
        ordered = articles.sortByKey(numPartitions=parts).values()
        ordered.saveAsTextFile(out_dir, compressionCodecClass=GZIP)
        summary.parts = ordered.getNumPartitions()
        return summary
    finally:
        outcomes.unpersist()


def _summary(outcomes: RDD[Outcome], out_dir: str) -> DeriveSummary:
    summary = DeriveSummary(out_dir)
    for (kind, text), count in outcomes.map(_tally_key).countByValue().items():
        if kind == DOCUMENT:
            summary.documents += count
        elif kind == SKIPPED:
            summary.skipped[text] += count
        else:
            summary.notes += [text] * count
    summary.notes.sort()
    return summary


def _records(item: tuple[str, bytes], max_body_bytes: int | None = None) -> Iterator[Record]:
    """The captures of one WARC file's bytes; an unreadable file is a note, and damaged or
    too large records are counted, as in reparse."""
    name, data = item
    notes: list[str] = []
    skipped: Counter[str] = Counter()
    stream = io.BytesIO(data)
    try:
        for capture in read_captures(stream, name, notes, skipped, max_body_bytes=max_body_bytes):
            yield (name, capture.offset), CAPTURE, capture
    except WarcError as exc:
        notes.append(str(exc))
    for note in notes:
        yield (name, -1), NOTE, note
    for reason in skipped.elements():
        yield (name, -1), SKIPPED, reason


def _outcome(job: Job, record: Record) -> Outcome:
    key, kind, value = record
    if not isinstance(value, Capture):
        return key, kind, value
    outlets, kept = job
    counted = IngestSummary()
    found = article_of(value, outlets, kept, counted)
    if found is None:
        (reason,) = counted.skipped  # the one key reparse counts this capture under
        return key, SKIPPED, reason
    return key, DOCUMENT, found.to_json()


def _is_document(outcome: Outcome) -> bool:
    return outcome[1] == DOCUMENT


def _keyed_text(outcome: Outcome) -> tuple[Key, str]:
    return outcome[0], outcome[2]


def _tally_key(outcome: Outcome) -> tuple[str, str]:
    kind, text = outcome[1], outcome[2]
    return (kind, "") if kind == DOCUMENT else (kind, text)


def _check_paths(warc_glob: str, out_dir: str) -> None:
    # Local paths are checked before Java starts, so these mistakes are one line; Spark checks
    # URLs itself. Hadoop's {a,b} globs are left to Hadoop.
    if "://" not in out_dir and Path(out_dir).exists():
        raise SparkError(f"{out_dir} already exists; name a new folder (Spark never overwrites)")
    if "://" not in warc_glob and "{" not in warc_glob and not glob.glob(warc_glob):
        raise WarcError(warc_glob, "no file matches; give a path or URL of WARC files")


def _check_master(master: str) -> None:
    # The masters spark-submit accepts; another one ends in a Java stack trace on stderr.
    if master != "yarn" and not master.startswith(("local", "spark://", "k8s://")):
        raise SparkError(
            f"{master!r} is not a Spark master; give local[N], spark://HOST:PORT, yarn "
            "or k8s://HOST:PORT"
        )


def _check_java() -> None:
    # What Spark's launcher runs: $JAVA_HOME/bin/java, else java on PATH. Checked here so that
    # a missing Java is one clear line rather than the launcher's own message and a trace.
    home = os.environ.get("JAVA_HOME")
    if (home and Path(home, "bin", "java").exists()) or (not home and shutil.which("java")):
        return
    where = f"JAVA_HOME={home} has no bin/java" if home else "no java on PATH"
    raise SparkError(
        f"Spark needs Java 17 or later ({where}); "
        "install it (Debian: apt-get install default-jre-headless)"
    )


def _spark_errors() -> tuple[type[Exception], ...]:
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return (Py4JError, PySparkException)


def _translated(exc: Exception, warc_glob: str) -> Exception:
    java = getattr(exc, "java_exception", None)
    name = java.getClass().getName() if java is not None else ""
    if name.endswith("InvalidInputException"):
        return WarcError(warc_glob, "no file matches; give a path or URL of WARC files")
    if name.endswith("FileAlreadyExistsException"):
        return SparkError(f"{_first_line(exc)} (name a new folder: Spark never overwrites)")
    return SparkError(f"the Spark job failed: {_first_line(exc)}")


def _first_line(exc: Exception) -> str:
    java = getattr(exc, "java_exception", None)
    text = str(java.toString()) if java is not None else str(exc)
    return (text.strip().splitlines() or [type(exc).__name__])[0]
