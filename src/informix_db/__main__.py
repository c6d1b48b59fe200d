"""``python -m informix_db``: the ``informix-db`` command line (``informix_db.cli``)."""

import sys

from informix_db.cli.main import main

sys.exit(main())
