"""The performance regression gate (see __main__ and README.md)."""
