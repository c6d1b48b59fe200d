"""Parse CREATE FUNCTION/PROCEDURE text (header and SPL body) into a ``Routine``.

The whole routine arrives as one statement; its body is never translated
as SQL here.  SPL separates statements with ``;`` but real routines often
leave it out before ``END IF`` and the like, so a statement also ends at the
first keyword that can only start another statement (outside parentheses
and CASE ... END).  Syntax errors are -201 naming the token.
"""

from __future__ import annotations

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.itypes import parse_type_at
from informix_db.testing.engine.lexer import (OP, STRING, WORD, Token, find_top, matching_paren,
                                              split_top)
from informix_db.testing.engine.spl import nodes as n
from informix_db.testing.engine.spl.treeops import (bad, check_returns, current_of, range_of,
                                                     split_into)

#: Words that start an SPL statement and never continue an SQL one.
_SPL_WORDS = frozenset(("LET", "FOREACH", "WHILE", "RETURN", "RAISE", "CALL", "EXIT",
                        "CONTINUE", "DEFINE", "END", "ELIF", "ELSE", "LOOP", "TRACE", "SYSTEM"))
#: Words that start an SQL statement (they end an SPL header expression).
_SQL_WORDS = frozenset(("SELECT", "INSERT", "UPDATE", "DELETE", "EXECUTE", "BEGIN", "FOR",
                        "IF", "CREATE", "DROP"))

#: Statement blocks nested deeper than this are refused (-201), not a Python stack overflow.
MAX_NESTING = 64


class _Parser:
    def __init__(self, toks: list[Token]) -> None:
        self.t = toks
        self.i = 0
        self.depth = 0

    # -- token helpers -------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def word(self, *words: str) -> bool:
        t = self.peek()
        if t is not None and t.is_(*words):
            self.i += 1
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.word(*words):
            raise bad(self.peek())

    def op(self, text: str) -> bool:
        t = self.peek()
        if t is not None and t.kind == OP and t.text == text:
            self.i += 1
            return True
        return False

    def name(self) -> str:
        t = self.peek()
        if t is None or t.kind != WORD:
            raise bad(t)
        self.i += 1
        return t.text.lower()

    def names(self) -> list[str]:
        out = [self.name()]
        while self.op(","):
            out.append(self.name())
        return out

    def at(self, *seqs: tuple[str, ...]) -> bool:
        for seq in seqs:
            if all((tok := self.peek(k)) is not None and tok.is_(w) for k, w in enumerate(seq)):
                return True
        return False

    def skip_semis(self) -> None:
        while self.op(";"):
            pass

    def _ends_here(self, j: int, header: bool) -> bool:
        """Whether the word at ``j`` (depth 0) starts another statement."""
        t = self.t[j]
        if t.kind != WORD:
            return False
        up = t.up
        nxt = self.t[j + 1] if j + 1 < len(self.t) else None
        prev = self.t[j - 1] if j > 0 else None
        if up == "ON":
            return nxt is not None and nxt.is_("EXCEPTION")
        if up in _SPL_WORDS:
            return True
        if up == "FOR":
            return nxt is None or not nxt.is_("UPDATE", "READ")
        if up == "IF":
            return nxt is None or not nxt.is_("EXISTS", "NOT")
        if up in ("INSERT", "UPDATE", "DELETE", "EXECUTE"):
            # FOR UPDATE, ON DELETE CASCADE, GRANT INSERT, ... continue the statement
            return header or prev is None or not (
                prev.is_("FOR", "ON", "GRANT", "REVOKE") or (prev.kind == OP and prev.text == ","))
        return header and up in _SQL_WORDS

    def scan(self, header: bool = False, stop: tuple[str, ...] = ()) -> list[Token]:
        """Tokens up to the end of this statement (or header expression): a ``;``
        (consumed), a word of ``stop`` or a word starting another statement, all
        outside parentheses and CASE ... END."""
        start = self.i
        depth = case = 0
        j = start
        while j < len(self.t):
            t = self.t[j]
            if t.kind == OP:
                if t.text in ("(", "["):
                    depth += 1
                elif t.text in (")", "]"):
                    depth -= 1
                elif t.text == ";" and depth <= 0:
                    self.i = j + 1
                    return self.t[start:j]
            elif depth <= 0 and t.kind == WORD:
                if t.is_("CASE"):
                    case += 1
                elif case and t.is_("END"):
                    case -= 1
                elif not case and j > start and (t.up in stop or self._ends_here(j, header)):
                    break
            j += 1
        self.i = j
        return self.t[start:j]

    def expr(self, toks: list[Token]) -> n.Expr:
        if not toks:
            raise bad(self.peek())
        return n.Expr(list(toks))

    # -- the routine ---------------------------------------------------------------
    def routine(self, text: str) -> n.Routine:
        self.expect("CREATE")
        self.word("DBA")
        if self.word("FUNCTION"):
            isproc = False
        else:
            self.expect("PROCEDURE")
            isproc = True
        kind = "PROCEDURE" if isproc else "FUNCTION"
        if self.at(("IF", "NOT", "EXISTS")):
            self.i += 3  # the planner sees it too (nothing to do if the routine exists)
        name = self.name()
        if self.op("."):  # owner.name: one owner here
            name = self.name()
        if not self.op("("):
            raise bad(self.peek())
        params = self.params()
        returns = []
        if self.word("RETURNING", "RETURNS"):
            returns = self.returning()
        self.skip_semis()
        if self.word("SPECIFIC"):
            self.name()
        if self.at(("WITH", "(")):
            self.i += 1
            close = self._closing(self.i)
            self.i = close + 1
        self.skip_semis()
        body = self.block(("END", kind))
        self.i += 2
        self.skip_semis()
        if self.word("DOCUMENT"):
            while self.peek() is not None and self.peek().kind == STRING:
                self.i += 1
                if not self.op(","):
                    break
        if self.word("WITH"):
            self.expect("LISTING")
            self.expect("IN")
            self.i += 1
        self.skip_semis()
        if self.peek() is not None:
            raise bad(self.peek())
        routine = n.Routine(name, isproc, params, returns, body, text)
        check_returns(body, len(returns))
        return routine

    def _closing(self, open_at: int) -> int:
        """Index of the ``)`` closing the ``(`` at ``open_at`` (-201 at END if none)."""
        try:
            return matching_paren(self.t, open_at)
        except InformixError:
            raise bad(None) from None

    def params(self) -> list[n.Param]:
        close = self._closing(self.i - 1)  # self.i is past the "("
        inner = self.t[self.i:close]
        self.i = close + 1
        out: list[n.Param] = []
        if not inner:
            return out
        for part in split_top(inner):
            k = 0
            if part and part[0].is_("OUT", "INOUT") and len(part) > 2:
                # their values go back through the client API: not done here, and
                # refused rather than run as IN parameters
                raise InformixError(-999, token=part[0].text)
            if part and part[0].is_("IN") and len(part) > 2:
                k = 1
            if k >= len(part) or part[k].kind != WORD:
                raise bad(part[k] if k < len(part) else None)
            pname = part[k].text.lower()
            k += 1
            if k < len(part) and part[k].is_("REFERENCES"):
                k += 1
            t, k = parse_type_at(part, k)
            default = None
            if k < len(part):
                if not part[k].is_("DEFAULT") or k + 1 >= len(part):
                    raise bad(part[k])
                default = n.Expr(part[k + 1:])
            if any(p.name == pname for p in out):
                raise InformixError(-201, token=pname)
            out.append(n.Param(pname, t, default))
        return out

    def returning(self) -> list:
        out = []
        while True:
            t, self.i = parse_type_at(self.t, self.i)
            label = ""
            if self.word("AS"):
                label = self.name()
            out.append((t, label))
            if not self.op(","):
                return out

    # -- statements ----------------------------------------------------------------
    def block(self, *ends: tuple[str, ...]) -> list:
        """Statements up to (not including) one of the ``ends`` word sequences."""
        body: list = []
        handlers: list[n.Handler] = []
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise bad(self.peek())
        while True:
            self.skip_semis()
            if self.peek() is None:
                raise bad(None)
            if self.at(*ends):
                self.depth -= 1
                return [n.Block(body, handlers)] if handlers else body
            s = self.statement()
            if isinstance(s, n.Handler):
                if any(not isinstance(b, n.Define) for b in body):
                    # ON EXCEPTION comes first in its statement block (after DEFINEs)
                    raise InformixError(-201, token="EXCEPTION")
                handlers.append(s)
            else:
                body.append(s)

    def end(self, word: str) -> None:
        self.expect("END")
        self.expect(word)

    def statement(self):
        t = self.peek()
        if t.kind != WORD:
            raise bad(t)
        up = t.up
        method = getattr(self, "_s_" + up.lower(), None)
        if method is not None and up not in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            self.i += 1
            return method()
        if up == "ON" and self.at(("ON", "EXCEPTION")):
            self.i += 2
            return self._on_exception()
        if up == "EXECUTE" and self.peek(1) is not None and self.peek(1).is_("FUNCTION",
                                                                            "PROCEDURE"):
            self.i += 2
            return self._call_like("INTO")
        if up == "SYSTEM":  # runs an operating-system command: never here
            raise InformixError(-201, token="SYSTEM")
        return self.sql()

    def sql(self) -> n.Sql:
        toks = self.scan()
        query, into = split_into(toks)
        return n.Sql(self.expr(query), into)

    def _s_define(self):
        glob = self.word("GLOBAL")
        names = self.names()
        if self.word("LIKE"):  # [owner.]table.column: typed when it runs
            parts = [self.name()]
            while self.op("."):
                parts.append(self.name())
            if len(parts) not in (2, 3):
                raise bad(self.peek())
            self.skip_semis()
            return n.Define(names, None, like=(parts[-2], parts[-1]), glob=glob)
        t, self.i = parse_type_at(self.t, self.i)
        default = None
        if self.word("DEFAULT"):
            default = self.expr(self.scan())
        else:
            self.skip_semis()
        if glob and default is None:  # IBM: a GLOBAL variable needs its DEFAULT
            raise bad(self.peek())
        return n.Define(names, t, default, glob=glob)

    def _s_let(self):
        targets = self.names()
        if not self.op("="):
            raise bad(self.peek())
        values = [self.expr(p) for p in split_top(self.scan())]
        if len(values) != 1 and len(values) != len(targets):
            raise InformixError(-201, token="=")
        return n.Let(targets, values)

    def _cond(self, until: str) -> n.Expr:
        toks = self.scan(header=True, stop=(until,))
        self.expect(until)
        return self.expr(toks)

    def _s_if(self):
        branches = [(self._cond("THEN"), self.block(("ELIF",), ("ELSE",), ("END", "IF")))]
        otherwise: list = []
        while True:
            if self.word("ELIF"):
                branches.append((self._cond("THEN"), self.block(("ELIF",), ("ELSE",),
                                                                ("END", "IF"))))
            elif self.word("ELSE"):
                otherwise = self.block(("END", "IF"))
            else:
                self.end("IF")
                return n.If(branches, otherwise)

    def _loop_body(self, word: str) -> list:
        if self.word("LOOP"):
            word = "LOOP"
        body = self.block(("END", word))
        self.end(word)
        return body

    def _s_for(self):
        var = self.name()
        ranges = []
        if self.word("IN"):
            if not self.op("("):
                raise bad(self.peek())
            close = self._closing(self.i - 1)  # self.i is past the "("
            inner = self.t[self.i:close]
            self.i = close + 1
            for part in split_top(inner):
                ranges.append(range_of(part))
        else:
            if not self.op("="):
                raise bad(self.peek())
            bounds = range_of(self.scan(header=True, stop=("TO", "STEP", "LOOP")) +
                            self._rest_ofrange_of())
            if bounds[1] is None:  # FOR v = a needs TO b
                raise bad(self.peek())
            ranges.append(bounds)
        return n.ForRange(var, ranges, self._loop_body("FOR"))

    def _rest_ofrange_of(self) -> list[Token]:
        out: list[Token] = []
        while self.peek() is not None and self.peek().is_("TO", "STEP"):
            out.append(self.peek())
            self.i += 1
            out.extend(self.scan(header=True, stop=("TO", "STEP", "LOOP")))
        return out

    def _s_while(self):
        cond = self.expr(self.scan(header=True, stop=("LOOP",)))
        return n.While(cond, self._loop_body("WHILE"))

    def _s_loop(self):
        body = self.block(("END", "LOOP"))
        self.end("LOOP")
        return n.Loop(body)

    def _s_foreach(self):
        t = self.peek()
        cursor = ""
        if t is not None and t.kind == WORD and not t.is_("SELECT", "EXECUTE", "WITH"):
            cursor = t.text.lower()
            self.i += 1
            if self.word("WITH"):
                self.expect("HOLD")
            self.expect("FOR")
        if self.word("EXECUTE"):
            self.expect("FUNCTION", "PROCEDURE")
            call = self._call_like("INTO")
            body = self.block(("END", "FOREACH"))
            self.end("FOREACH")
            return n.Foreach(None, call.into, body, call)
        query, into = split_into(self.scan())
        body = self.block(("END", "FOREACH"))
        self.end("FOREACH")
        if cursor and current_of(body, cursor):
            # UPDATE/DELETE ... WHERE CURRENT OF cursor: the row is found again by
            # its rowid, fetched as an extra last column (see interp)
            from_at = find_top(query, 0, "FROM")
            if from_at < 0:
                raise bad(query[0] if query else None)
            query = query[:from_at] + [Token(OP, ",", -1), Token(WORD, "rowid", -1)] + \
                query[from_at:]
            return n.Foreach(self.expr(query), into, body, cursor=cursor)
        return n.Foreach(self.expr(query), into, body)

    def _s_return(self):
        toks = self.scan()
        resume = False
        if len(toks) >= 2 and toks[-2].is_("WITH") and toks[-1].is_("RESUME"):
            toks, resume = toks[:-2], True
        return n.Return([self.expr(p) for p in split_top(toks)] if toks else [], resume)

    def _s_raise(self):
        self.expect("EXCEPTION")
        parts = [self.expr(p) for p in split_top(self.scan())]
        if not 1 <= len(parts) <= 3:
            raise InformixError(-201, token="EXCEPTION")
        parts += [None] * (3 - len(parts))
        return n.Raise(*parts)

    def _s_call(self):
        return self._call_like("RETURNING")

    def _call_like(self, into_word: str) -> n.Call:
        name = self.name()
        if self.op("."):
            name = self.name()
        if not self.op("("):
            raise bad(self.peek())
        close = self._closing(self.i - 1)  # self.i is past the "("
        inner = self.t[self.i:close]
        self.i = close + 1
        args = [self.expr(p) for p in split_top(inner)] if inner else []
        into: list[str] = []
        if self.word(into_word):
            into = self.names()
        self.skip_semis()
        return n.Call(name, args, into)

    def _s_exit(self, cont: bool = False):
        loop = ""
        if self.peek() is not None and self.peek().is_("FOR", "FOREACH", "WHILE", "LOOP"):
            loop = self.peek().up
            self.i += 1
        self.skip_semis()
        return n.Exit(loop, cont)

    def _s_continue(self):
        return self._s_exit(cont=True)

    def _s_begin(self):
        nxt = self.peek()
        if nxt is None or nxt.is_("WORK", "TRANSACTION") or (nxt.kind == OP and nxt.text == ";"):
            self.i -= 1
            return self.sql()  # BEGIN WORK: an SQL statement
        body = self.block(("END",))
        self.expect("END")
        if len(body) == 1 and isinstance(body[0], n.Block):
            return body[0]
        return n.Block(body)

    def _on_exception(self) -> n.Handler:
        codes = None
        if self.word("IN"):
            if not self.op("("):
                raise bad(self.peek())
            close = self._closing(self.i - 1)  # self.i is past the "("
            codes = []
            for part in split_top(self.t[self.i:close]):
                text = "".join(tok.text for tok in part)
                try:
                    codes.append(int(text))
                except ValueError:
                    raise InformixError(-201, token=text) from None
            self.i = close + 1
        set_vars: list[str] = []
        if self.word("SET"):
            set_vars = self.names()
        body = self.block(("END", "EXCEPTION"))
        self.end("EXCEPTION")
        resume = False
        if self.at(("WITH", "RESUME")):
            self.i += 2
            resume = True
        self.skip_semis()
        return n.Handler(codes, set_vars, body, resume)

    def _s_trace(self):
        self.scan()
        return n.Nothing()


def parse_routine(tokens: list[Token], text: str) -> n.Routine:
    """The ``Routine`` of a CREATE FUNCTION/PROCEDURE statement's tokens."""
    p = _Parser(tokens)
    try:
        return p.routine(text)
    except IndexError:
        raise bad(None) from None


