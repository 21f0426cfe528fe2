"""Deriving Documents on Apache Spark, and reading what such a job writes.

pyspark (the optional extra `.[spark]`) is imported only when a job starts: importing this
package, or `archive`, never needs it.
"""

from archive.spark.job import DeriveSummary, derive_on_spark
from archive.spark.parts import is_jsonl, jsonl_parts

__all__ = ["DeriveSummary", "derive_on_spark", "is_jsonl", "jsonl_parts"]
