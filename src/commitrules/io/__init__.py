"""Files on disk: case files read with their positions, small files read within a bound, outputs written whole."""
