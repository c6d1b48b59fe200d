"""SQLAlchemy's pytest plugin, with the Informix dialect registered first."""

from sqlalchemy.dialects import registry

registry.register("informix", "informix_db.sqlalchemy", "InformixDialect")
registry.register("informix.informix_db", "informix_db.sqlalchemy", "InformixDialect")

import informix_db.sqlalchemy.provision  # noqa: E402,F401 - the provisioning hooks

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403
