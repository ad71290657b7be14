"""Running the pack for others: batches (one process or a Dask cluster), a reloading pack, the decision log."""
