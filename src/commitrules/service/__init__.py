"""Running commitrules as a service: batches of JSON lines, on one machine or on a Dask cluster."""
