"""Stored routines (SPL): CREATE/DROP FUNCTION|PROCEDURE, EXECUTE FUNCTION|PROCEDURE, CALL.

``parser`` turns the text of a CREATE FUNCTION/PROCEDURE (one statement,
body included) into a ``Routine`` (``nodes``; ``treeops`` helps it);
``routinecat`` keeps routines in each database (``__ifx_procs``, the
``sysprocedures`` view); ``interp`` runs a routine's statements;
``evaluate`` runs their expressions and SQL through the session's normal
path (SPL variables bound as parameters, so there is no second expression
evaluator); ``inline`` expands stored functions called in SQL statements;
``statements`` plans the routine statements and is the ``Routines`` part
of ``session.Session``.
"""
