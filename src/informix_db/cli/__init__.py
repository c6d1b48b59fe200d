"""The ``informix-db`` command line (``informix_db.cli.main``): unload and load."""
