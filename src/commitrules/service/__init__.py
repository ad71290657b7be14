"""Running the pack for others: batches of cases (in one process or on a Dask cluster), a reloading pack."""
