"""Archive-scale DICOM de-identification: a local process pool, or a Dask cluster by option."""

from caseguard.batch.journal import Journal
from caseguard.batch.runner import BatchSettings, BatchSummary, FileOutcome, process_one, run_batch

__all__ = ["BatchSettings", "BatchSummary", "FileOutcome", "Journal", "process_one", "run_batch"]
