"""Command line: python -m microgpt train | sample | show-model | bench."""
import argparse
import inspect
import sys
import time
from importlib import resources

from . import model
from .config import GPTConfig
from .data import read_docs
from .edited import EditedRun, ModelError, describe
from .engines import ENGINES
from .trainer import Trainer

BUNDLED_DATA = resources.files("microgpt") / "names.txt"  # package data: works from any folder
DEFAULT_ENGINE = "fast" if "fast" in ENGINES else "scalar"


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def add_sampling_flags(p, n_flag):
    p.add_argument(n_flag, dest="n", type=positive_int, default=20, help="names to generate")
    p.add_argument("--temperature", type=positive_float, default=0.5,
                   help="below 1 sharper, above 1 more adventurous")
    p.add_argument("--prefix", default="", help="every name starts with this")


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m microgpt", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train on a list of names, then make some up")
    train.add_argument("--data", default=str(BUNDLED_DATA),
                       help="text file, one document per line (default: the bundled names)")
    train.add_argument("--steps", type=positive_int, default=1000)
    train.add_argument("--seed", type=int, default=42)
    train.add_argument("--engine", choices=sorted(ENGINES),
                       help=f"default: {DEFAULT_ENGINE}, or scalar with --model-file")
    train.add_argument("--model-file", metavar="FILE",
                       help="train the gpt() (and softmax()) of this file instead of model.py's, "
                            "on the Value-based scalar engine; start from "
                            "`python -m microgpt show-model > FILE`")
    train.add_argument("--learning-rate", type=positive_float, default=0.01)
    defaults = GPTConfig()
    for name in ("n_layer", "n_embd", "n_head", "block_size"):
        train.add_argument("--" + name.replace("_", "-"), dest=name, type=positive_int,
                           default=getattr(defaults, name))
    add_sampling_flags(train, "--samples")
    train.add_argument("--save", metavar="FILE", help="write a checkpoint after training")
    sample = sub.add_parser("sample", help="make names up with a saved model")
    sample.add_argument("--load", metavar="FILE", required=True, help="checkpoint to sample from")
    add_sampling_flags(sample, "--n")
    sub.add_parser("show-model", help="print model.py, the GPT's source, to edit and train "
                                      "with train --model-file")
    bench = sub.add_parser("bench", help="time both engines, interleaved")
    bench.add_argument("--steps", type=positive_int, default=20,
                       help="interleaved steps per engine (median ms/step of these)")
    bench.add_argument("--full", action="store_true",
                       help="also time a whole default run: 1000 fast steps + 20 samples")
    bench.add_argument("--memory", metavar="N", type=positive_int, default=0,
                       help="also train N fast steps, reading memory every 1000")
    return parser


def print_samples(names, out):
    print("--- inference (new, hallucinated names) ---", file=out)
    for i, name in enumerate(names, 1):
        print(f"sample {i:2d}: {name}", file=out)


def format_duration(seconds):
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class ModelFileError(Exception):
    """A --model-file that cannot be used (exit 2) or fails while training (exit 1)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def read_model_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise ModelFileError(f"model file not found: {path}", 2) from None
    except UnicodeDecodeError as e:
        raise ModelFileError(f"model file is not UTF-8 text: {path} (byte {e.start})", 2) \
            from None
    except OSError as e:
        raise ModelFileError(f"cannot read model file {path}: {e.strerror}", 2) from None


def edited_trainer(args, docs, config):
    """An EditedRun of --model-file's gpt() on the scalar engine (ModelFileError, exit 2, when
    the file cannot be compiled, has no gpt() or its first call fails or returns the wrong
    thing)."""
    if args.engine == "fast":
        raise ValueError("--model-file trains on the scalar (Value-based) engine: "
                         "leave out --engine fast")
    if args.save:
        raise ValueError("--save does not go with --model-file: a checkpoint is read back "
                         "with model.py's own gpt()")
    source = read_model_file(args.model_file)
    try:
        return EditedRun(source, docs, config, seed=args.seed, steps=args.steps,
                         learning_rate=args.learning_rate, filename=args.model_file)
    except ModelError as e:
        raise ModelFileError(describe(e.error, args.model_file), 2) from None


def train(args, out):
    docs = read_docs(args.data)
    config = GPTConfig(n_layer=args.n_layer, n_embd=args.n_embd, n_head=args.n_head,
                       block_size=args.block_size)
    run = None
    if args.model_file:
        run = edited_trainer(args, docs, config)
        trainer = run.trainer
    else:
        trainer = Trainer(docs, config, seed=args.seed, steps=args.steps,
                          learning_rate=args.learning_rate,
                          engine=args.engine or DEFAULT_ENGINE)
    print(f"num docs: {len(docs)}", file=out)
    print(f"vocab size: {trainer.tokenizer.vocab_size}", file=out)
    print(f"num params: {trainer.num_params}", file=out)
    live = out.isatty()  # on a terminal one line updates in place, at most 20 times a second
    start = shown = time.perf_counter()
    while not trainer.done:
        try:
            record = trainer.step() if run is None else run.step()
        except ModelError as e:
            if live:
                print(file=out)
            raise ModelFileError(describe(e.error, args.model_file), 1) from None
        line = f"step {record['step']:4d} / {trainer.steps:4d} | loss {record['loss']:.4f}"
        now = time.perf_counter()
        if not live:
            print(line, file=out)
        elif now - shown >= 0.05 or trainer.done:
            shown = now
            rate = record["step"] / (now - start)
            left = (trainer.steps - record["step"]) / rate
            print(f"\r{line} | {rate:.1f} steps/s | {format_duration(left)} left ",
                  end="", file=out, flush=True)
    if live:
        print(file=out)
    if args.save:
        trainer.save(args.save)
        print(f"saved checkpoint to {args.save}", file=out)
    try:
        names = (trainer if run is None else run).sample(args.n, args.temperature, args.prefix)
    except ModelError as e:  # the edited gpt() failing while sampling
        raise ModelFileError(describe(e.error, args.model_file), 1) from None
    print_samples(names, out)


def sample(args, out):
    trainer = Trainer.load(args.load)
    print_samples(trainer.sample(args.n, args.temperature, args.prefix), out)


def main(argv=None, out=None):
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            train(args, out)
        elif args.command == "sample":
            sample(args, out)
        elif args.command == "show-model":
            print(inspect.getsource(model), end="", file=out)
        else:
            from .bench import run
            run(steps=args.steps, out=out, full=args.full, memory_steps=args.memory)
    except ModelFileError as e:
        print(f"microgpt: error: {e}", file=sys.stderr)
        return e.code
    except ValueError as e:
        print(f"microgpt: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmicrogpt: interrupted", file=sys.stderr)
        return 130
    return 0
