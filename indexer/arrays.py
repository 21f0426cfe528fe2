"""The array types search works in: document numbers, scores, masks and counts."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Docnums = npt.NDArray[np.int32]  # document numbers, ascending, no repeats (unless said)
Floats = npt.NDArray[np.float64]  # scores, factors or lengths
Mask = npt.NDArray[np.bool_]  # indexed by document number
Counts = npt.NDArray[np.int64]  # indexed by facet value id
