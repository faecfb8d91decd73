"""A reader's own model.py, trained on the Value engine: "hack the GPT".

The edited source is compiled under its own file name into a fresh module namespace (never
microgpt.model, never the package), its gpt() and softmax() are handed to the scalar engine in
place of model.py's, and the Trainer runs Karpathy's loop as usual: same seed, same data order,
same initial weights. The original source, unchanged, gives exactly the scalar engine's losses.

Whatever goes wrong in the edited code comes back as data (ModelError.error), never as an
internal error:
  {"kind": "syntax", "line", "column", "message"}        it does not compile
  {"kind": "missing", "message"}                          no gpt() (or softmax()) function
  {"kind": "result", "message"}                           gpt() or softmax() returns the wrong thing
  {"kind": "runtime", "line", "function", "message", "step"}   an exception while it runs
  {"kind": "diverged", "step", "message"}                 the loss is not a finite number
Lines and columns are 1-based lines of the edited source; "step" is the 1-based training step
under way, 0 while the file is loaded and its first call checked.
"""
import gc
import math
import types

from . import value
from .config import GPTConfig
from .engines.scalar import ScalarEngine
from .optim import adam_update
from .trainer import Trainer
from .value import Value, release_graph

FILENAME = "model.py"
MAX_SOURCE_CHARS = 200_000  # model.py is about 3,000


class ModelError(Exception):
    """A problem in the edited model; .error is its plain-data description (see the docstring)."""

    def __init__(self, error):
        super().__init__(error["message"])
        self.error = error


def describe(error, filename=FILENAME):
    """One readable line: 'model.py, line 12, column 5: SyntaxError: invalid syntax'."""
    where = [filename]
    if error.get("line") is not None:
        where.append(f"line {error['line']}")
        if error.get("column") is not None:
            where.append(f"column {error['column']}")
    if error.get("function"):
        where.append(f"in {error['function']}()")
    if error.get("step"):
        where.append(f"step {error['step']}")
    return f"{', '.join(where)}: {error['message']}"


def syntax_error(e):
    return {"kind": "syntax", "line": e.lineno, "column": e.offset,
            "message": f"{type(e).__name__}: {e.msg}"}


def runtime_error(e, filename, step):
    """The innermost frame of the edited file in e's traceback names the line (None when the
    exception was raised outside it, e.g. in the loss on what softmax() returned)."""
    line = function = innermost = None
    tb = e.__traceback__
    while tb is not None:
        innermost = tb.tb_frame.f_code.co_filename
        if innermost == filename:
            line, function = tb.tb_lineno, tb.tb_frame.f_code.co_name
        tb = tb.tb_next
    text = str(e)
    message = f"{type(e).__name__}: {text}" if text else type(e).__name__
    # numbers out of range in a Value's exp() or log() (exp of a huge number, log of a
    # probability that rounded to 0): the training diverged, the code itself may be fine
    arithmetic = isinstance(e, OverflowError) or (
        isinstance(e, ValueError) and text == "math domain error" and innermost == value.__file__)
    kind = "diverged" if arithmetic else "runtime"
    return {"kind": kind, "line": line, "function": function, "message": message, "step": step}


def load(source, filename=FILENAME):
    """Compile and run `source` as a module of its own; its namespace (a fresh module object,
    in no sys.modules), or ModelError."""
    if not isinstance(source, str):
        raise ValueError(f"the source must be text, got {type(source).__name__}")
    if len(source) > MAX_SOURCE_CHARS:
        raise ValueError(f"the source is {len(source):,} characters; at most "
                         f"{MAX_SOURCE_CHARS:,} are allowed")
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as e:  # IndentationError and TabError too
        raise ModelError(syntax_error(e)) from None
    except (ValueError, MemoryError, RecursionError) as e:  # NUL bytes; nesting too deep
        raise ModelError({"kind": "syntax", "line": None, "column": None,
                          "message": f"{type(e).__name__}: {e}"}) from None
    module = types.ModuleType("model")
    module.__file__ = filename
    try:
        exec(code, module.__dict__)
    except Exception as e:
        raise ModelError(runtime_error(e, filename, 0)) from None
    return module


def functions(module):
    """(gpt, softmax) of a loaded module; softmax is what the loss uses, as in Karpathy's file."""
    found = []
    for name, signature in (("gpt", "gpt(token_id, pos_id, keys, values, params, config)"),
                            ("softmax", "softmax(logits)")):
        fn = getattr(module, name, None)
        if not callable(fn):
            what = "no" if fn is None else f"a {type(fn).__name__} named"
            raise ModelError({"kind": "missing", "name": name,
                              "message": f"the file defines {what} {name}(): it must define "
                                         f"{signature}"})
        found.append(fn)
    return tuple(found)


def what_it_is(result):
    """'a float', 'a list of 16 items', 'a list of 27 items whose item 0 is a float'."""
    if isinstance(result, (list, tuple)):
        kind = type(result).__name__
        return f"a {kind} of {len(result)} item{'' if len(result) == 1 else 's'}"
    return "None" if result is None else f"a {type(result).__name__}"


def check_values(result, size, what):
    """ModelError unless result is a list (or tuple) of `size` Values."""
    if isinstance(result, (list, tuple)) and len(result) == size:
        bad = next((i for i, x in enumerate(result) if not isinstance(x, Value)), None)
        if bad is None:
            return
        returned = f"{what_it_is(result)}, but item {bad} is {what_it_is(result[bad])}, " \
                   "not a Value"
    else:
        returned = what_it_is(result)
    raise ModelError({"kind": "result", "message": f"{what}; it returned {returned}"})


def interior_order(root):
    """The nodes of root's graph that have children, in the order of Value.topological_order
    (a depth-first walk, children in their natural order, each node after its children); the
    leaves are left out, having nothing to pass a gradient on to."""
    order = []
    visited = {root}  # Values hash by identity
    stack = [(root, iter(root._children))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in visited:
                visited.add(child)
                if child._children:
                    stack.append((child, iter(child._children)))
                    break
        else:
            stack.pop()
            order.append(node)
    return order


def backward(root):
    """Value.backward(release=True) with the same sums in the same order, so the same
    gradients to the last bit; only quicker (tests/test_codelab.py compares them)."""
    order = interior_order(root)
    root.grad = 1
    for node in reversed(order):
        grad = node.grad
        for child, local_grad in zip(node._children, node._local_grads):
            child.grad += local_grad * grad
    release_graph(order)


class EditedEngine(ScalarEngine):
    """The scalar engine running a reader's gpt() and softmax(): the same numbers as
    ScalarEngine, a step in less time. The backward pass skips the leaves (see backward), and
    the garbage collector waits while a step's graph is alive: its tens of thousands of Values
    form no cycle, and each is freed as soon as release_graph cuts its links, but their
    allocation alone would start a collection every few hundred of them."""
    name = "scalar"

    def train_step(self, tokens, lr_t, t, hp):
        collecting = gc.isenabled()
        gc.disable()
        try:
            loss = self.loss(tokens)
            backward(loss)
        finally:
            if collecting:
                gc.enable()
        adam_update(self.param_list, self.m, self.v, lr_t, t, hp)
        return loss.data


class EditedRun:
    """Karpathy's training run with an edited model.py: Trainer's loop, the scalar engine,
    the edited gpt() and softmax(). step() returns the loss or raises ModelError."""

    def __init__(self, source, docs, config=GPTConfig(), seed=42, steps=300,
                 learning_rate=0.01, filename=FILENAME):
        self.filename = filename
        self.module = load(source, filename)
        self.gpt, self.softmax = functions(self.module)
        # the fast engine only holds the initial weights until the edited one takes them
        self.trainer = Trainer(docs, config, seed=seed, steps=steps,
                               learning_rate=learning_rate, engine="fast")
        self.trainer.engine = EditedEngine(config, self.vocab_size, self.trainer.state_dict(),
                                           gpt=self.gpt, softmax=self.softmax)
        self.check()

    @property
    def vocab_size(self):
        return self.trainer.tokenizer.vocab_size

    @property
    def done(self):
        return self.trainer.done

    def check(self):
        """The first call of gpt() (and softmax() on its logits) on the first document, checked
        for what they return; the model is unchanged."""
        engine, trainer = self.trainer.engine, self.trainer
        tokens = trainer.tokenizer.encode(trainer.next_doc())
        keys, values = engine.new_cache()
        size = self.vocab_size
        try:
            logits = self.gpt(tokens[0], 0, keys, values, engine.params, trainer.config)
            check_values(logits, size, f"gpt() must return a list of vocab_size ({size}) "
                                       "logits")
            probs = self.softmax(logits)
            check_values(probs, size, f"softmax() must return a list of vocab_size ({size}) "
                                      "probabilities")
        except ModelError:
            raise
        except Exception as e:
            raise ModelError(runtime_error(e, self.filename, 0)) from None
        finally:
            for p in engine.param_list:
                p.grad = 0
        release_graph(Value(0, tuple(probs)).topological_order())  # nothing kept half-linked

    def step(self):
        """One training step: {step, loss, learning_rate, doc} like Trainer.step(), or
        ModelError. Stopped (KeyboardInterrupt) or failed, the model is as before the step."""
        trainer = self.trainer
        snap = trainer.snapshot()
        step = trainer.step_count + 1
        try:
            out = trainer.step()
        except BaseException as e:
            trainer.restore(snap)
            if isinstance(e, Exception):
                raise ModelError(runtime_error(e, self.filename, step)) from None
            raise
        loss = out["loss"]
        if not isinstance(loss, (int, float)) or not math.isfinite(loss):
            raise ModelError({"kind": "diverged", "step": step,
                              "message": f"the loss is {loss!r}: training diverged"})
        return out

    def sample(self, n=10, temperature=0.5, prefix="", rng=None):
        """Names from the edited model (the trainer's own generator by default), or ModelError
        when its code fails (a ValueError of the arguments stays a ValueError)."""
        try:
            return self.trainer.sample(n, temperature, prefix, rng)
        except Exception as e:
            if isinstance(e, ValueError) and not any_frame_in(e, self.filename):
                raise
            raise ModelError(runtime_error(e, self.filename, self.trainer.step_count)) \
                from None


def any_frame_in(e, filename):
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            return True
        tb = tb.tb_next
    return False
