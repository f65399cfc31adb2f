"""The Jinja sandbox every user-editable .docx template renders in (mémoire, letters).

Templates are docxtpl documents users may edit or bring themselves, so they are treated as
untrusted:

- Jinja runs in ``BoundedEnvironment``, an ``ImmutableSandboxedEnvironment`` with
  ``autoescape=True`` (« Jardins & Cie » keeps its « & »): no access to ``__class__`` and the
  like (``SecurityError``), no mutation of our data;
- the sandbox bounds attribute access, not CPU nor memory, so ``BoundedEnvironment`` adds
  caps: ``range`` is capped; ``*``, ``**``, ``+``, ``%`` and ``~`` refuse results beyond
  ``MAX_TEXT`` characters (or ``MAX_INT_BITS`` bits for integers); width-like arguments
  (``center``, ``indent``, ``wordwrap``, ``truncate``, ``batch``, ``slice``, printf and
  ``str.format`` padding, ``str.ljust`` …) are capped at ``MAX_WIDTH``; ``join`` and
  ``replace`` refuse an output longer than ``MAX_TEXT``; every filter and every ``{{ }}``
  refuses a value whose text would exceed ``MAX_TEXT``; the template's own code stops once
  the time limit of ``time_limit`` has passed (checked at each turn of a ``{% for %}`` and at
  each call, the only ways a template repeats work), so an endless loop ends with a French
  error instead of a frozen app.

Thread contract: the time limit is kept per thread; an environment may be used on any thread.
"""

from __future__ import annotations

import functools
import math
import re
import string
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, pass_environment, pass_eval_context

from .filters import FILTERS, number_fr

#: Default time limit of one rendering, in seconds (a 40-section mémoire takes well under 1 s).
TIME_LIMIT = 20.0
#: Largest ``range`` a template may build, and longest string or list it may repeat.
MAX_RANGE = 10_000
MAX_REPEAT = 1_000_000
#: Longest text (in characters, counting the items of lists) an operation may produce.
MAX_TEXT = 10_000_000
#: Largest width, length or padding given to a filter or a format (« center(80) »).
MAX_WIDTH = 10_000
#: Largest integer an arithmetic operation may produce, in bits (about 1 200 digits).
MAX_INT_BITS = 4_096
#: Most decimals the ``nombre`` filter may write.
MAX_DECIMALS = 20
#: Longest output of the whole template (and of any ``{% set %}``/macro block), in
#: characters: each piece was bounded but a loop could pile them up to 4 GB.
MAX_OUTPUT = 50_000_000
#: Deepest nesting of ``{% for %}``/``{% if %}``/``{% with %}``… blocks: past about 20,
#: Python cannot compile the generated code; a real mémoire template needs 3 or 4.
MAX_NESTING = 10
_BLOCK_NODES = (
    nodes.For, nodes.If, nodes.With, nodes.Macro, nodes.CallBlock, nodes.FilterBlock,
    nodes.AssignBlock, nodes.Scope, nodes.ScopedEvalContextModifier,
)


class _TimeUp(Exception):
    """Raised inside the template's code when the time limit has passed."""


class _Deadline(threading.local):
    """The time limit of the rendering running on this thread (none: infinity)."""

    at = math.inf


_DEADLINE = _Deadline()


def _check_time() -> None:
    if time.monotonic() > _DEADLINE.at:
        raise _TimeUp


def _timed(items: Iterable[Any]) -> Iterator[Any]:
    """``items``, checking the time limit before each one (each turn of a ``{% for %}``)."""
    for item in items:
        _check_time()
        yield item


def _capped_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range trop grand ({len(rng)} éléments, {MAX_RANGE} au plus)")
    return rng


def _bounded_join(parts: Any) -> str:
    """``"".join(parts)`` of the template's output, refused past ``MAX_OUTPUT`` characters."""
    total = 0
    pieces: list[str] = []
    for part in parts:
        total += len(part)
        if total > MAX_OUTPUT:
            raise _too_big("document produit")
        pieces.append(part)
    return "".join(pieces)


#: Where Jinja keeps statements: expressions never hold one, so the walk skips them.
_STATEMENT_LISTS = ("body", "elif_", "else_")


def _nesting(node: nodes.Node, depth: int = 0) -> int:
    """Deepest nesting of block statements under ``node`` (iterative: no recursion limit).

    Only the statement lists are walked (not every expression node, which was most of the
    walk's time on a real template).
    """
    deepest = depth
    stack = [(node, depth)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, _BLOCK_NODES):
            level += 1
            deepest = max(deepest, level)
        for field in _STATEMENT_LISTS:
            children = getattr(current, field, None)
            if children:
                stack.extend((child, level) for child in children)
    return deepest


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} trop grand, la mémoire serait saturée")


def _size(value: Any) -> int:
    """The length of the text ``value`` would print as, roughly (items of lists included).

    Shared items are counted each time they appear, as ``str()`` would write them, but
    measured once: ``[b, b]`` with ``b = [a, a]`` costs two look-ups, not four.
    """
    memo: dict[int, int] = {}

    def measure(item: Any, depth: int) -> int:
        if isinstance(item, str | bytes):
            return len(item)
        if isinstance(item, bool) or item is None:
            return 5
        if isinstance(item, int):
            return item.bit_length() // 3 + 1
        if depth > 50:
            raise SecurityError("structure trop imbriquée")
        if isinstance(item, Namespace):
            item = getattr(item, "_Namespace__attrs", {})
        known = memo.get(id(item))
        if known is not None:
            return known
        if isinstance(item, Mapping):
            total = sum(measure(k, depth + 1) + measure(v, depth + 1) + 4 for k, v in item.items())
        elif isinstance(item, list | tuple | set | frozenset):
            total = sum(measure(v, depth + 1) + 2 for v in item)
        else:
            total = 8  # dates, decimals, images, rich text: bounded by the user's data
        memo[id(item)] = total
        return total

    return measure(value, 0)


def _check_text(value: Any, what: str = "texte") -> Any:
    """``value`` unchanged when its text fits in ``MAX_TEXT``; else ``SecurityError``."""
    # Every printed expression passes here (``finalize``): most are short strings, measured
    # without building ``_size``'s memo.
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    if _size(value) > MAX_TEXT:
        raise _too_big(what)
    return value


def _check_width(value: Any, what: str) -> None:
    """Refuse an integer width, length or count beyond ``MAX_WIDTH`` (``what`` says which)."""
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise SecurityError(f"{what} ({value}, {MAX_WIDTH} au plus)")


_PRINTF_SPEC = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?"
    r"(?P<kind>[diouxXeEfFgGcrsa%])"
)


def _check_printf(fmt: str, args: Any) -> None:
    """Refuse a ``%`` format whose padding, or whose result, would be too large."""
    for match in _PRINTF_SPEC.finditer(fmt):
        for part in (match.group("width"), match.group("precision")):
            if part == "*":
                raise SecurityError("largeur variable (« * ») dans un format")
            if part:
                _check_width(int(part), "largeur de format trop grande")
    if len(fmt) + _size(args) > MAX_TEXT:
        raise _too_big("texte formaté")


def _check_str_format(fmt: str, args: Any, kwargs: Any) -> None:
    """Refuse a ``str.format`` whose padding, or whose result, would be too large."""
    for _literal, field, spec, _conversion in string.Formatter().parse(fmt):
        if field is None or not spec:
            continue
        if "{" in spec:
            raise SecurityError("largeur variable (« {…} ») dans un format")
        for digits in re.findall(r"\d+", spec):
            _check_width(int(digits), "largeur de format trop grande")
    if len(fmt) + _size(args) + _size(kwargs) > MAX_TEXT:
        raise _too_big("texte formaté")


_STR_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _check_str_method(owner: str, name: str, args: tuple[Any, ...], kwargs: Any) -> None:
    """Refuse ``'x'.center(10**10)``, ``a.replace('', a)`` and the like before they run."""
    if name in _STR_WIDTH_METHODS:
        for arg in (*args, *kwargs.values()):
            _check_width(arg, "largeur trop grande")
    elif name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        found = owner.count(old) if old else len(owner) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if len(owner) + found * (len(new) - len(old)) > MAX_TEXT:
            raise _too_big("texte remplacé")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, list | tuple) and (
            _size(items) + len(owner) * len(items) > MAX_TEXT
        ):
            raise _too_big("texte joint")
    elif name in ("format", "format_map"):
        _check_str_format(owner, args, kwargs)


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a Jinja filter) refusing a value whose text is beyond ``MAX_TEXT``."""
    offset = 0 if getattr(func, "jinja_pass_arg", None) is None else 1

    @functools.wraps(func)  # keeps ``jinja_pass_arg``: Jinja still passes the context
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > offset:
            _check_text(args[offset])
        return func(*args, **kwargs)

    return guarded


def _center(value: Any, width: int = 80) -> str:
    _check_width(width, "largeur trop grande")
    return jinja_filters.do_center(value, width)


def _indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _check_width(width, "largeur trop grande")
    text = str(s)
    step = len(width) if isinstance(width, str) else max(0, width)
    if len(text) + (text.count("\n") + 1) * step > MAX_TEXT:
        raise _too_big("texte indenté")
    return jinja_filters.do_indent(s, width, first, blank)


@pass_environment
def _wordwrap(
    environment: Any,
    s: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    _check_width(width, "largeur trop grande")
    text = str(s)
    glue = len(wrapstring) if wrapstring is not None else 1
    if len(text) + (len(text) + 1) * glue > MAX_TEXT:
        raise _too_big("texte coupé")
    return jinja_filters.do_wordwrap(
        environment, s, width, break_long_words, wrapstring, break_on_hyphens
    )


@pass_environment
def _truncate(environment: Any, s: str, length: int = 255, killwords: bool = False,
              end: str = "...", leeway: int | None = None) -> str:
    _check_width(length, "longueur trop grande")
    _check_width(leeway, "tolérance trop grande")
    return jinja_filters.do_truncate(environment, s, length, killwords, end, leeway)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_printf(str(value), (args, kwargs))
    return jinja_filters.do_format(value, *args, **kwargs)


@pass_eval_context
def _join(
    eval_ctx: EvalContext, value: Any, d: str = "", attribute: str | int | None = None
) -> str:
    items = list(value)
    if attribute is not None:
        items = list(map(jinja_filters.make_attrgetter(eval_ctx.environment, attribute), items))
    if _size(items) + len(str(d)) * len(items) > MAX_TEXT:
        raise _too_big("texte joint")
    return jinja_filters.sync_do_join(eval_ctx, items, d)


@pass_eval_context
def _replace(
    eval_ctx: EvalContext, s: str, old: str, new: str, count: int | None = None
) -> str:
    text = str(s)
    _check_str_method(text, "replace", (old, new, -1 if count is None else count), {})
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def _batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    _check_width(linecount, "taille de lot trop grande")
    return jinja_filters.do_batch(value, linecount, fill_with)


def _slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    _check_width(slices, "nombre de parts trop grand")
    return jinja_filters.sync_do_slice(value, slices, fill_with)


def _number_fr(value: Any, decimals: int = 0) -> str:
    if isinstance(decimals, int) and not 0 <= decimals <= MAX_DECIMALS:
        raise SecurityError(f"trop de décimales ({decimals}, {MAX_DECIMALS} au plus)")
    return number_fr(value, decimals)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    _check_width(n * max, "texte de remplissage trop long")
    from jinja2.utils import generate_lorem_ipsum

    return generate_lorem_ipsum(n, html, min, max)


#: Filters replaced by a bounded version (the originals allocate what they are asked).
_BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "truncate": _truncate,
    "format": _format,
    "join": _join,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
    "nombre": _number_fr,
}


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` into a call that checks the length of the text before joining,
    and the iterable of each loop into one that checks the time limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_iterables: set[int] = set()

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        """The loop, its iterable compiled as ``environment.timed(…)`` (see ``visit``)."""
        self._loop_iterables.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        """Wrap the iterable of each ``{% for %}`` in ``environment.timed``."""
        if id(node) not in self._loop_iterables:
            return super().visit(node, *args, **kwargs)
        self.write("environment.timed(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``environment.bounded_concat(join, (a, b, …))`` instead of ``join((a, b, …))``."""
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.bounded_concat({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with autoescape, our French filters, and caps on what a template builds."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    #: Every accumulation of output (the whole template, ``{% set %}`` blocks, macros).
    concat = staticmethod(_bounded_join)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then refuse nesting deeper than ``MAX_NESTING`` (the check sees it too)."""
        tree = super()._parse(source, name, filename)
        if _nesting(tree) > MAX_NESTING:
            raise SecurityError(
                f"blocs {{% for %}}/{{% if %}} imbriqués sur plus de {MAX_NESTING} niveaux"
            )
        return tree

    def __init__(self) -> None:
        super().__init__(autoescape=True, finalize=_check_text)
        self.filters.update(FILTERS)
        self.filters.update(_BOUNDED_FILTERS)
        self.filters = {name: _guarded(func) for name, func in self.filters.items()}
        self.globals["range"] = _capped_range
        self.globals["lipsum"] = _lipsum

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``'x' * 10**9``, ``9 ** 9 ** 9``, ``a + a`` beyond the caps, before they run."""
        if operator == "**" and _is_int(left) and _is_int(right):
            if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > MAX_INT_BITS:
                raise SecurityError("puissance trop grande")
        elif operator == "*":
            if (
                _is_int(left)
                and _is_int(right)
                and left.bit_length() + right.bit_length() > MAX_INT_BITS
            ):
                raise SecurityError("produit trop grand")
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and _is_int(times) and times > 0:
                    if len(seq) * times > MAX_REPEAT:
                        raise SecurityError("répétition trop longue")
                    if _size(seq) * times > MAX_TEXT:
                        raise _too_big("texte répété")
        elif operator == "+" and isinstance(left, str | list | tuple):
            if _size(left) + _size(right) > MAX_TEXT:
                raise _too_big("texte assemblé")
        elif operator == "%" and isinstance(left, str):
            _check_printf(left, right)
        return super().call_binop(context, operator, left, right)

    #: ``{% for %}`` iterables go through it (see ``_BoundedCodeGenerator``).
    timed = staticmethod(_timed)

    def bounded_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b`` of the template, refused when the text would exceed ``MAX_TEXT``."""
        if sum(_size(part) for part in parts) > MAX_TEXT:
            raise _too_big("texte assemblé")
        return join(parts)

    def call(
        self, context: Context, obj: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        """Check the time limit, and calls of ``str`` methods (``center``, ``join`` …)."""
        _check_time()
        method = getattr(obj, "__wrapped__", obj)  # ``str.format`` comes wrapped
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(method, "__name__", ""), args, kwargs)
        return super().call(context, obj, *args, **kwargs)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop Jinja template code running on this thread after ``seconds``.

    The compiled templates check the limit at each turn of a loop and at each call (macros,
    recursive loops): every way a template can repeat work. Our own code and docxtpl run at
    full speed, untraced (a ``sys.settrace`` hook cost a third of a mémoire's rendering).
    """
    previous = _DEADLINE.at
    _DEADLINE.at = min(previous, time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.at = previous
