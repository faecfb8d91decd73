"""A reader's small formula, parsed safely and built from the package's Value class.

Only numbers, the variables a, b, c, + - * / **, parentheses and log, exp, relu are
accepted: the text is parsed with `ast` and every node is checked against an allow-list
before anything runs. Nothing is ever passed to eval or exec.
"""
import ast
import math

from ..refusal import Refusal
from ..value import Value

VARIABLES = ("a", "b", "c")
FUNCTIONS = {"log": Value.log, "exp": Value.exp, "relu": Value.relu}
MAX_TEXT = 80  # characters
MAX_OPERATIONS = 12  # + - * / ** and calls; keeps the graph small enough to read
MAX_EXPONENT = 10  # |k| in x ** k
MAX_NUMBER = 1e6  # largest number typed or given to a variable
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
# what the reader probably tried, for constructs outside the allow-list
KINDS = {ast.Attribute: "attribute", ast.Subscript: "subscript", ast.Lambda: "lambda",
         ast.Compare: "comparison", ast.BoolOp: "logic", ast.IfExp: "condition",
         ast.Constant: "text", ast.JoinedStr: "text", ast.NamedExpr: "assignment",
         ast.Tuple: "list", ast.List: "list", ast.Dict: "list", ast.Set: "list"}


class ExprError(Refusal):
    """A refused formula."""


def check_variables(values):
    """{"a": 2, ...} -> floats, each a finite number within MAX_NUMBER."""
    if not isinstance(values, dict):
        raise ValueError("variable values must be an object like {\"a\": 2}")
    out = {}
    for name, x in values.items():
        if name not in VARIABLES:
            raise ExprError("variable", f"there is no variable {name!r}; use a, b or c",
                            name=str(name))
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) \
                or abs(x) > MAX_NUMBER:
            raise ExprError("value", f"{name} must be a number from {-MAX_NUMBER:g} to "
                            f"{MAX_NUMBER:g}", name=name, max=MAX_NUMBER)
        out[name] = float(x)
    return out


def parse(text):
    """Formula text -> its checked syntax tree, or ExprError saying what is not allowed."""
    if not isinstance(text, str):
        raise ValueError("the formula must be text")
    text = text.strip()
    if not text:
        raise ExprError("empty", "type a formula, for example a*b + a")
    if len(text) > MAX_TEXT:
        raise ExprError("too_long", f"a formula can be at most {MAX_TEXT} characters long",
                        max=MAX_TEXT)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        column = getattr(e, "offset", None) or 1
        raise ExprError("syntax", f"this is not a formula that can be read (near character "
                        f"{column})", column=column) from None
    operations = 0
    for node in ast.walk(tree.body):
        check_node(node)
        operations += isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Call))
    if operations > MAX_OPERATIONS:
        raise ExprError("too_many", f"at most {MAX_OPERATIONS} operations, please: the graph "
                        "would be too big to read", max=MAX_OPERATIONS)
    return tree.body


def check_node(node):
    """Refuse any node outside the allow-list, with a message saying what it is."""
    if isinstance(node, (ast.operator, ast.unaryop, ast.expr_context)):
        if isinstance(node, ast.operator) and type(node) not in BINARY:
            raise ExprError("operator", "only + - * / ** are allowed as operators")
        if isinstance(node, ast.unaryop) and not isinstance(node, (ast.USub, ast.UAdd)):
            raise ExprError("operator", "only + - * / ** are allowed as operators")
        return
    if isinstance(node, ast.Constant):
        number(node)
    elif isinstance(node, ast.Name):
        if node.id not in VARIABLES and node.id not in FUNCTIONS:
            raise ExprError("name", f"unknown name {node.id!r}: use the variables a, b, c and "
                            "the functions log, exp, relu", name=node.id)
    elif isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            raise ExprError("call", "only log(...), exp(...) and relu(...) can be called")
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise ExprError("arguments", f"{name}(...) takes exactly one value", name=name)
    elif isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            exponent(node.right)
    elif not isinstance(node, ast.UnaryOp):
        kind = next((k for t, k in KINDS.items() if isinstance(node, t)), "other")
        raise ExprError("construct", f"{kind} is not allowed: use numbers, a, b, c, "
                        "+ - * / **, parentheses, log, exp and relu", kind=kind)


def number(node):
    """A numeric literal's value, or ExprError."""
    x = node.value
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ExprError("construct", "text is not allowed: use numbers, a, b, c, + - * / **, "
                        "parentheses, log, exp and relu", kind="text")
    if not math.isfinite(float(x)) or abs(x) > MAX_NUMBER:
        raise ExprError("number", f"numbers must be at most {MAX_NUMBER:g} in size",
                        max=MAX_NUMBER)
    return float(x)


def exponent(node):
    """The k of x ** k: a plain number (maybe negated) no larger than MAX_EXPONENT."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if not isinstance(node, ast.Constant):
        raise ExprError("exponent", "after ** write a plain number, like a**2 or b**-1")
    k = sign * number(node)
    if abs(k) > MAX_EXPONENT:
        raise ExprError("exponent_big", f"exponents must be from {-MAX_EXPONENT} to "
                        f"{MAX_EXPONENT}", max=MAX_EXPONENT)
    return k


def build(tree, values):
    """Evaluate a checked tree with Values: (output Value, {variable: leaf}, {id: exponent}).

    The operators are the Value class's own, so a - b and a / b become the graph the
    package really builds (a + b*-1, a * b**-1).
    """
    leaves, exponents = {}, {}

    def value_of(node):
        if isinstance(node, ast.Constant):
            return Value(number(node))
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise ExprError("bare_function", f"{node.id} is a function: write "
                                f"{node.id}(a)", name=node.id)
            if node.id not in values:
                raise ExprError("unset", f"give {node.id} a value", name=node.id)
            if node.id not in leaves:
                leaves[node.id] = Value(values[node.id])
            return leaves[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = value_of(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return apply(FUNCTIONS[node.func.id], value_of(node.args[0]), node.func.id)
        left = value_of(node.left)
        if isinstance(node.op, ast.Pow):
            k = exponent(node.right)
            out = apply(lambda x: x ** k, left, "**")
            exponents[id(out)] = k
            return out
        right = value_of(node.right)
        op = {ast.Add: Value.__add__, ast.Sub: Value.__sub__, ast.Mult: Value.__mul__,
              ast.Div: Value.__truediv__}[type(node.op)]
        return apply(lambda x: op(x, right), left, BINARY[type(node.op)])

    out = value_of(tree)
    if not leaves:
        raise ExprError("no_variable", "use at least one of the variables a, b, c")
    return out, leaves, exponents


def apply(fn, x, symbol):
    """fn(x), with maths errors (log of 0, 0 ** -1, overflow) said in words."""
    try:
        out = fn(x)
    except ZeroDivisionError:
        raise ExprError("zero", "this divides by zero") from None
    except OverflowError:
        raise ExprError("overflow", "a number grew too large to compute") from None
    except ValueError:
        raise ExprError("domain", f"{symbol} cannot take {x.data:g}: log needs a positive "
                        "number", op=symbol, x=x.data) from None
    if isinstance(out.data, complex):
        raise ExprError("complex", f"{x.data:g} ** a fraction has no real answer",
                        x=x.data)
    if not math.isfinite(out.data):
        raise ExprError("overflow", "a number grew too large to compute")
    return out
