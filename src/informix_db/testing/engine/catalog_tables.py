"""The tables and views of an Informix system catalog: tabids, names, declared columns.

Every database gets the catalog a 12.10 server creates: tabids 1..65 are
tables, 66 and 67 the views ``sysdomains`` and ``sysindexes``, then the
locale rows at 90/91 and `` VERSION`` at 99; user tables start at 100.
IBM documents the tables (Guide to SQL: Reference, "System catalog tables")
but not their tabids. The order here is that of ``systables`` as two
independent public listings give it: a Liquibase dialect and an IBM
engineer's SMI script list the same 60 names in the same order, the script
going on with the 12.10 tables and then the two views. The views' own tabids
vary by version (one 12.10-era listing shows ``sysindexes`` at 71); 66 and
67 just follow the tables. ``sysindices`` is the table at tabid 3;
``sysindexes`` is a view of it with the pre-7.2 shape (part1..part16), as
IBM documents.

Columns and types: checked against the Reference's page for systables,
syscolumns, sysindices, sysindexes, sysconstraints, sysreferences,
sysprocedures, sysproccolumns, systabauth, sysusers, syssynonyms,
syssequences, systriggers, sysopclstr and the security-label tables; the
other tables as the same Reference lists them (not each re-checked). Types
DuckDB cannot hold (INDEXKEYARRAY, RTNPARAMTYPES, STAT, LIST(...)) are
declared LVARCHAR; catalog SERIAL columns are INTEGER (as tabid already was).
"""

from __future__ import annotations


def _cols(spec: str) -> list[tuple[str, str]]:
    """``"a INTEGER, b CHAR(1)"`` -> ``[("a", "INTEGER"), ("b", "CHAR(1)")]``."""
    out = []
    for part in spec.split(","):
        name, _, decl = part.strip().partition(" ")
        out.append((name, decl.strip()))
    return out


_GRANT = "grantor VARCHAR(32), grantee VARCHAR(32)"
_PARTS = ", ".join(f"part{k} SMALLINT" for k in range(1, 17))
_DIST = ("mode CHAR(1), resolution FLOAT, confidence FLOAT, {enc} LVARCHAR, type CHAR(1),"
         " smplsize FLOAT, rowssmpld FLOAT, constr_time DATETIME YEAR TO FRACTION(5),"
         " ustnrows FLOAT, ustbuildduration INTERVAL DAY TO FRACTION(5), nupdates FLOAT,"
         " ndeletes FLOAT, ninserts FLOAT")
_AM_FUNCS = ", ".join(f"am_{f} INTEGER" for f in (
    "create", "drop", "open", "close", "insert", "delete", "update", "stats", "scancost",
    "check", "beginscan", "endscan", "rescan", "getnext", "getbyid", "build", "init",
    "truncate"))

#: (tabid, name, tabtype, columns) of every catalog table and view, in tabid order.
TABLES: list[tuple[int, str, str, list[tuple[str, str]]]] = [(tabid, name, kind, _cols(spec))
                                                            for tabid, name, kind, spec in [
    (1, "systables", "T",
     "tabname VARCHAR(128), owner CHAR(32), partnum INTEGER, tabid INTEGER, rowsize SMALLINT,"
     " ncols SMALLINT, nindexes SMALLINT, nrows FLOAT, created DATE, version INTEGER,"
     " tabtype CHAR(1), locklevel CHAR(1), npused FLOAT, fextsize INTEGER, nextsize INTEGER,"
     " flags SMALLINT, site VARCHAR(128), dbname VARCHAR(128), type_xid INTEGER,"
     " am_id INTEGER, pagesize INTEGER, ustlowts DATETIME YEAR TO FRACTION(5),"
     " secpolicyid INTEGER, protgranularity CHAR(1), statchange SMALLINT, statlevel CHAR(1),"
     # dirpath is undocumented but real: IBM JDBC reads the locale from it at connect
     " dirpath VARCHAR(64)"),
    (2, "syscolumns", "T",
     "colname VARCHAR(128), tabid INTEGER, colno SMALLINT, coltype SMALLINT,"
     " collength SMALLINT, colmin INTEGER, colmax INTEGER, extended_id INTEGER,"
     " seclabelid INTEGER, colattr SMALLINT"),
    (3, "sysindices", "T",
     "idxname VARCHAR(128), owner VARCHAR(32), tabid INTEGER, idxtype CHAR(1),"
     " clustered CHAR(1), levels SMALLINT, leaves FLOAT, nunique FLOAT, clust FLOAT,"
     " nrows FLOAT, indexkeys LVARCHAR, amid INTEGER, amparam LVARCHAR(2048),"
     " collation CHAR(32), pagesize INTEGER, nhashcols SMALLINT, nbuckets SMALLINT,"
     " ustlowts DATETIME YEAR TO FRACTION(5), ustbuildduration INTERVAL HOUR TO FRACTION(5),"
     " nupdates FLOAT, ndeletes FLOAT, ninserts FLOAT, fextsize INTEGER, nextsize INTEGER"),
    (4, "systabauth", "T", f"{_GRANT}, tabid INTEGER, tabauth CHAR(9)"),
    (5, "syscolauth", "T", f"{_GRANT}, tabid INTEGER, colno SMALLINT, colauth CHAR(3)"),
    (6, "sysviews", "T", "tabid INTEGER, seqno SMALLINT, viewtext CHAR(64)"),
    (7, "sysusers", "T",
     "username VARCHAR(32), usertype CHAR(1), priority SMALLINT, password CHAR(16),"
     " defrole VARCHAR(32)"),
    (8, "sysdepend", "T", "btabid INTEGER, btype CHAR(1), dtabid INTEGER, dtype CHAR(1)"),
    (9, "syssynonyms", "T",
     "owner VARCHAR(32), synname VARCHAR(128), created DATE, tabid INTEGER"),
    (10, "syssyntable", "T",
     "tabid INTEGER, servername VARCHAR(128), dbname VARCHAR(128), owner VARCHAR(32),"
     " tabname VARCHAR(128), btabid INTEGER"),
    (11, "sysconstraints", "T",
     "constrid INTEGER, constrname VARCHAR(128), owner VARCHAR(32), tabid INTEGER,"
     " constrtype CHAR(1), idxname VARCHAR(128), collation CHAR(32)"),
    (12, "sysreferences", "T",
     "constrid INTEGER, primary INTEGER, ptabid INTEGER, updrule CHAR(1), delrule CHAR(1),"
     " matchtype CHAR(1), pendant CHAR(1)"),
    (13, "syschecks", "T", "constrid INTEGER, type CHAR(1), seqno SMALLINT, checktext CHAR(32)"),
    (14, "sysdefaults", "T",
     "tabid INTEGER, colno SMALLINT, type CHAR(1), default CHAR(256), class CHAR(1)"),
    (15, "syscoldepend", "T", "constrid INTEGER, tabid INTEGER, colno SMALLINT"),
    (16, "sysprocedures", "T",
     "procname VARCHAR(128), owner VARCHAR(32), procid INTEGER, mode CHAR(1),"
     " retsize INTEGER, symsize INTEGER, datasize INTEGER, codesize INTEGER,"
     " numargs INTEGER, isproc CHAR(1), specificname VARCHAR(128),"
     " externalname VARCHAR(255), paramstyle CHAR(1), langid INTEGER, paramtypes LVARCHAR,"
     " variant BOOLEAN, client BOOLEAN, handlesnulls BOOLEAN, iterator BOOLEAN,"
     " percallcost INTEGER, commutator VARCHAR(128), negator VARCHAR(128),"
     " selfunc VARCHAR(128), internal BOOLEAN, class CHAR(18), stack INTEGER,"
     " parallelizable BOOLEAN, costfunc VARCHAR(128), selconst SMALLFLOAT,"
     " collation CHAR(32), procflags INTEGER"),
    (17, "sysprocbody", "T", "procid INTEGER, datakey CHAR(1), seqno INTEGER, data CHAR(256)"),
    (18, "sysprocplan", "T",
     "procid INTEGER, planid INTEGER, datakey CHAR(1), seqno INTEGER, created DATE,"
     " datasize INTEGER, data CHAR(256), collation CHAR(32)"),
    (19, "sysprocauth", "T", f"{_GRANT}, procid INTEGER, procauth CHAR(1)"),
    (20, "sysblobs", "T", "spacename VARCHAR(128), type CHAR(1), tabid INTEGER, colno SMALLINT"),
    (21, "sysopclstr", "T",
     "owner VARCHAR(32), clstrname VARCHAR(128), clstrsize INTEGER, tabid INTEGER, "
     + ", ".join(f"blobcol{k} SMALLINT" for k in range(1, 17)) + ", "
     + ", ".join(f"clstrkey{k} SMALLINT" for k in range(1, 17))),
    (22, "systriggers", "T",
     "trigid INTEGER, trigname VARCHAR(128), owner VARCHAR(32), tabid INTEGER, event CHAR(1),"
     " old VARCHAR(128), new VARCHAR(128), mode CHAR(1), collation CHAR(32)"),
    (23, "systrigbody", "T", "trigid INTEGER, datakey CHAR(1), seqno INTEGER, data CHAR(256)"),
    (24, "sysdistrib", "T",
     "tabid INTEGER, colno SMALLINT, seqno INTEGER, constructed DATE, "
     + _DIST.format(enc="encdat")),
    (25, "sysfragments", "T",
     "fragtype CHAR(1), tabid INTEGER, indexname VARCHAR(128), colno INTEGER, partn INTEGER,"
     " strategy CHAR(1), location CHAR(1), servername VARCHAR(128), evalpos INTEGER,"
     " exprtext TEXT, exprbin BYTE, exprarr BYTE, flags INTEGER, dbspace VARCHAR(128),"
     " levels SMALLINT, npused FLOAT, nrows FLOAT, clust FLOAT, partition VARCHAR(128)"),
    (26, "sysobjstate", "T",
     "objtype CHAR(1), owner VARCHAR(32), name VARCHAR(128), tabid INTEGER, state CHAR(1)"),
    (27, "sysviolations", "T",
     "targettid INTEGER, viotid INTEGER, diatid INTEGER, maxrows INTEGER"),
    (28, "sysfragauth", "T",
     f"{_GRANT}, tabid INTEGER, fragment VARCHAR(128), fragauth CHAR(6)"),
    (29, "sysroleauth", "T", "rolename VARCHAR(32), grantee VARCHAR(32), is_grantable CHAR(1)"),
    (30, "sysxtdtypes", "T",
     "extended_id INTEGER, domain CHAR(1), mode CHAR(1), owner VARCHAR(32), name VARCHAR(128),"
     " type SMALLINT, source INTEGER, maxlen INTEGER, length INTEGER, byvalue CHAR(1),"
     " cannothash CHAR(1), align SMALLINT, locator INTEGER"),
    (31, "sysattrtypes", "T",
     "extended_id INTEGER, seqno SMALLINT, levelno SMALLINT, parent_no SMALLINT,"
     " fieldname VARCHAR(128), fieldno SMALLINT, type SMALLINT, length SMALLINT,"
     " xtd_type_id INTEGER"),
    (32, "sysxtddesc", "T", "extended_id INTEGER, seqno SMALLINT, description CHAR(256)"),
    (33, "sysinherits", "T", "child INTEGER, parent INTEGER, class CHAR(1)"),
    (34, "syscolattribs", "T",
     "tabid INTEGER, colno SMALLINT, extentsize INTEGER, flags INTEGER, flags1 INTEGER,"
     " sbspace VARCHAR(128)"),
    (35, "syslogmap", "T", "tabloc INTEGER, tabid INTEGER, fragid INTEGER, flags INTEGER"),
    (36, "syscasts", "T",
     "argument_type SMALLINT, argument_xid INTEGER, result_type SMALLINT,"
     " result_xid INTEGER, routine_name VARCHAR(128), routine_owner VARCHAR(32),"
     " class CHAR(1)"),
    (37, "sysxtdtypeauth", "T", f"{_GRANT}, type INTEGER, auth CHAR(2)"),
    (38, "sysroutinelangs", "T",
     "langid INTEGER, langname CHAR(30), langinitfunc VARCHAR(128), langpath CHAR(255),"
     " langclass CHAR(128)"),
    (39, "syslangauth", "T", f"{_GRANT}, langid INTEGER, langauth CHAR(1)"),
    (40, "sysams", "T",
     "am_name VARCHAR(128), am_owner VARCHAR(32), am_id INTEGER, am_type CHAR(1),"
     " am_sptype CHAR(3), am_defopclass INTEGER, am_keyscan INTEGER, am_unique INTEGER,"
     " am_cluster INTEGER, am_rowids INTEGER, am_readwrite INTEGER, am_parallel INTEGER,"
     f" am_costfactor SMALLFLOAT, {_AM_FUNCS}"),
    (41, "systabamdata", "T", "tabid INTEGER, am_param CHAR(256), am_space VARCHAR(128)"),
    (42, "sysopclasses", "T",
     "opclassname VARCHAR(128), owner VARCHAR(32), amid INTEGER, opclassid INTEGER,"
     " ops LVARCHAR, support LVARCHAR"),
    (43, "syserrors", "T",
     "sqlstate CHAR(5), locale CHAR(36), level SMALLINT, seqno SMALLINT,"
     " message VARCHAR(255)"),
    (44, "systraceclasses", "T", "name CHAR(18), classid INTEGER"),
    (45, "systracemsgs", "T",
     "name CHAR(18), msgid INTEGER, locale CHAR(36), seqno SMALLINT, message VARCHAR(255)"),
    (46, "sysaggregates", "T",
     "name VARCHAR(128), owner VARCHAR(32), aggid INTEGER, init_func VARCHAR(128),"
     " iter_func VARCHAR(128), combine_func VARCHAR(128), final_func VARCHAR(128),"
     " handlesnulls BOOLEAN"),
    (47, "syssequences", "T",
     "seqid INTEGER, tabid INTEGER, start_val INT8, inc_val INT8, max_val INT8,"
     " min_val INT8, cycle CHAR(1), restart_val INT8, cache INTEGER, order CHAR(1)"),
    (48, "sysdirectives", "T",
     "id INTEGER, query TEXT, directive TEXT, directivecode BYTE, active SMALLINT,"
     " hashcode INTEGER"),
    (49, "sysxasourcetypes", "T",
     "owner VARCHAR(32), name VARCHAR(128), id INTEGER, flags INTEGER, version INTEGER,"
     " xa_open INTEGER, xa_close INTEGER, xa_start INTEGER, xa_end INTEGER,"
     " xa_rollback INTEGER, xa_prepare INTEGER, xa_commit INTEGER, xa_recover INTEGER,"
     " xa_forget INTEGER, xa_complete INTEGER"),
    (50, "sysxadatasources", "T",
     "owner VARCHAR(32), name VARCHAR(128), id INTEGER, xa_source_typeid INTEGER"),
    (51, "sysseclabelcomponents", "T",
     "compname VARCHAR(128), compid INTEGER, comptype CHAR(1), numelements SMALLINT"),
    (52, "sysseclabelcomponentelements", "T",
     "compid INTEGER, element VARCHAR(32), encoding CHAR(8), subtree LVARCHAR"),
    (53, "syssecpolicies", "T",
     "secpolicyname VARCHAR(128), secpolicyid INTEGER, numcomps SMALLINT,"
     " comptypelist CHAR(16), overrideseclabel CHAR(1)"),
    (54, "syssecpolicycomponents", "T", "secpolicyid INTEGER, compid INTEGER, compno SMALLINT"),
    (55, "syssecpolicyexemptions", "T",
     "grantee CHAR(32), secpolicyid INTEGER, exemption CHAR(6)"),
    (56, "sysseclabels", "T", "secpolicyid INTEGER, seclabelid INTEGER, encoding LVARCHAR"),
    (57, "sysseclabelnames", "T",
     "secpolicyid INTEGER, seclabelid INTEGER, seclabelname VARCHAR(128)"),
    (58, "sysseclabelauth", "T",
     "grantee CHAR(32), secpolicyid INTEGER, readseclabelid INTEGER, writeseclabelid INTEGER"),
    (59, "syssurrogateauth", "T", "trusteduser CHAR(32), surrogateuser CHAR(32)"),
    (60, "sysproccolumns", "T",
     "procid INTEGER, paramid INTEGER, paramname VARCHAR(128), paramtype SMALLINT,"
     " paramlen SMALLINT, paramxid INTEGER, paramattr INTEGER"),
    (61, "sysexternal", "T",
     "tabid INTEGER, fmttype CHAR(1), codeset VARCHAR(18), recdelim VARCHAR(4),"
     " flddelim VARCHAR(4), datefmt VARCHAR(18), moneyfmt VARCHAR(18), maxerrors INTEGER,"
     " rejectfile VARCHAR(128), flags INTEGER, ndfiles INTEGER"),
    (62, "sysextdfiles", "T", "tabid INTEGER, dfentry VARCHAR(152)"),
    (63, "sysextcols", "T",
     "tabid INTEGER, colno SMALLINT, exttype SMALLINT, extstart SMALLINT,"
     " extlength SMALLINT, nullstr VARCHAR(255), picture VARCHAR(255), decimal SMALLINT,"
     " extstype VARCHAR(18)"),
    (64, "sysautolocate", "T", "dbsname VARCHAR(128), dbsnum INTEGER, available BOOLEAN"),
    (65, "sysfragdist", "T",
     "tabid INTEGER, fragid INTEGER, colno SMALLINT, seqno INTEGER, "
     + _DIST.format(enc="encdist")),
    (66, "sysdomains", "V", "id INTEGER, owner VARCHAR(32), name VARCHAR(128), type SMALLINT"),
    (67, "sysindexes", "V",
     "idxname VARCHAR(128), owner VARCHAR(32), tabid INTEGER, idxtype CHAR(1),"
     f" clustered CHAR(1), {_PARTS}, levels SMALLINT, leaves INTEGER, nunique INTEGER,"
     " clust INTEGER, idxflags INTEGER"),
]]

#: name -> (tabid, tabtype, columns)
BY_NAME = {name: (tabid, kind, cols) for tabid, name, kind, cols in TABLES}
