#!/usr/bin/env python3
"""Keeps the rooms small: no file in crates/ or src-tauri/ over 500 lines, no Rust function
there over 80 lines (from its `fn` line to its closing brace).

The exceptions, each with its reason, are the table under the heading "Size limits" in
ARCHITECTURE.md: a row's first cell is `path` (a file) or `path::function`. An exception that
is no longer needed fails too, so the table stays true.

Usage: scripts/check-sizes.py [--list]   (--list: every file and function over half a limit)
Exits 1 with one line per problem, 0 when all hold.
"""
import os
import re
import subprocess
import sys

ROOTS = ["crates", "src-tauri"]
MAX_FILE_LINES = 500
MAX_FN_LINES = 80
ARCHITECTURE = "ARCHITECTURE.md"
HEADING = "Size limits"
TEXT_ENDINGS = (".rs", ".sql", ".toml", ".json", ".ts", ".md", ".sh", ".py")


def files():
    """The files git knows below ROOTS (tracked, or new and not ignored) that still exist;
    outside a git checkout, every file below ROOTS but generated ones."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *ROOTS],
            check=True, capture_output=True, text=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        out = []
        for root in ROOTS:
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if d not in ("target", "gen")]
                out += [os.path.join(folder, name) for name in names]
    return sorted({p for p in out if p.endswith(TEXT_ENDINGS) and os.path.isfile(p)})


def code_only(text):
    """`text` with comments, strings and char literals blanked (newlines kept), so that only
    the code's own braces are left."""
    out = list(text)
    n, i = len(text), 0

    def blank(start, end):
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    def ident(k):
        return 0 <= k < n and (text[k].isalnum() or text[k] == "_")

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif c == "r" and not ident(i - 1) or c in "bc" and text.startswith("r", i + 1) and not ident(i - 1):
            # A raw string r"..", r#".."#, br#".."#, cr".." (or just an identifier).
            start = i + (1 if c == "r" else 2)
            m = re.match(r'(#*)"', text[start:start + 300])
            if not m:
                i += 1
                while ident(i):
                    i += 1
                continue
            close = '"' + m.group(1)
            end = text.find(close, start + len(m.group(0)))
            end = n if end < 0 else end + len(close)
            blank(i, end)
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}', '{') or a lifetime or label ('a, 'static).
            if text.startswith("\\", i + 1):
                j = i + 2
                while j < n and text[j] != "'":
                    j += 1
                blank(i, j + 1)
                i = j + 1
            elif i + 2 < n and text[i + 2] == "'":
                blank(i, i + 3)
                i += 3
            else:
                i += 1
        elif ident(i):
            while ident(i):
                i += 1
        else:
            i += 1
    return "".join(out)


FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")


def functions(text):
    """(name, first line, line count) of every function with a body, nested ones included."""
    code = code_only(text)
    found = []
    for m in FN.finditer(code):
        depth, j = 0, m.end()
        while j < len(code):
            ch = code[j]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif depth == 0 and ch in "{;":
                break
            j += 1
        if j >= len(code) or code[j] == ";":
            continue  # a declaration without a body (a trait's, an extern's)
        braces, k = 0, j
        while k < len(code):
            if code[k] == "{":
                braces += 1
            elif code[k] == "}":
                braces -= 1
                if braces == 0:
                    break
            k += 1
        first = code.count("\n", 0, m.start()) + 1
        last = code.count("\n", 0, k) + 1
        found.append((m.group(1), first, last - first + 1))
    return found


def exceptions():
    """The allowed exceptions: the first code span of each row of the table under HEADING."""
    allowed, inside = set(), False
    with open(ARCHITECTURE, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                inside = HEADING in line
            elif inside and line.startswith("|"):
                m = re.match(r"\|\s*`([^`]+)`", line)
                if m:
                    allowed.add(m.group(1))
    return allowed


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    listing = "--list" in sys.argv[1:]
    allowed = exceptions()
    over, used = [], set()
    for path in files():
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if listing and lines > MAX_FILE_LINES // 2:
            print(f"{lines:5} {path}")
        if lines > MAX_FILE_LINES:
            if path in allowed:
                used.add(path)
            else:
                over.append(f"{path}: {lines} lines (at most {MAX_FILE_LINES})")
        if not path.endswith(".rs"):
            continue
        for name, first, count in functions(text):
            if listing and count > MAX_FN_LINES // 2:
                print(f"{count:5} {path}:{first} fn {name}")
            if count > MAX_FN_LINES:
                key = f"{path}::{name}"
                if key in allowed:
                    used.add(key)
                else:
                    over.append(f"{path}:{first}: fn {name} is {count} lines (at most {MAX_FN_LINES})")
    stale = sorted(allowed - used)
    for key in stale:
        over.append(f"{ARCHITECTURE} ({HEADING}): `{key}` is not over a limit: remove its row")
    for problem in over:
        print(problem, file=sys.stderr)
    if over:
        print(
            f"check-sizes: {len(over)} problem(s). Split the file or function, or add a row with "
            f"the reason to the \"{HEADING}\" table in {ARCHITECTURE}.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
