#!/usr/bin/env python3
"""Writes hostile Markdown inputs for Benchmarks/hostile-input.sh, each at a base size and ten times it.

The cases follow cmark's own pathological tests (test/pathological_tests.py in commonmark/cmark and
github/cmark-gfm: nested brackets and emphasis, link and emphasis openers and closers without
partners, block quotes and lists nested deep, backtick runs, unclosed links and comments, link
reference collisions, tables), plus a few of Specwright's own (deep lists as the issue measured
them, long placeholder-like brackets, huge tables and headings).

Usage: pathological.py OUT_DIR [--scale K]   (files OUT_DIR/<case>-1x.md and <case>-10x.md)
"""
import os
import sys


def cases(n):
    """Each case as a function of a repetition count n (the 1x size)."""
    return {
        "nested-brackets": ("[" * n) + "a" + ("]" * n),
        "nested-block-quotes": (">" * n) + " a\n",
        # Indented nesting: the bytes grow with the square of the depth, so the depth grows with
        # the square root of n (10x the bytes at 10x).
        "nested-lists": "".join("  " * depth + "* a\n" for depth in range(int(n ** 0.5))),
        "nested-ordered-lists": "".join("   " * depth + "1. a\n" for depth in range(int((n / 1.5) ** 0.5))),
        "nested-lists-one-line": "- " * n + "a\n",
        "nested-strong-emph": ("*a **a " * (n // 4)) + "b" + (" a** a*" * (n // 4)),
        "emph-closers-no-openers": "a_ " * n,
        "emph-openers-no-closers": "_a " * n,
        "mismatched-openers-closers": "*a_ " * n,
        "openers-closers-multiple-of-3": "a**b" + ("c* " * n),
        "link-closers-no-openers": "a]" * n,
        "link-openers-no-closers": "[a" * n,
        "link-openers-emph-closers": "[ a_" * n,
        "pattern-bracket-paren": "[ (](" * n,
        "pattern-image-brackets": "![[]()" * n,
        "backticks": "".join("e" + "`" * k for k in range(1, max(2, int((2 * n) ** 0.5)))),
        "unclosed-links-a": "[a](<b" * (n // 2),
        "unclosed-links-b": "[a](b" * (n // 2),
        "unclosed-comment": "</" + "<!--" * n,
        "reference-collisions": "".join("[%d]: u\n" % i for i in range(n // 10)) + "".join("[%d] " % i for i in range(n // 10)) + "\n",
        "table-many-rows": "| a | b |\n|---|---|\n" + "| x | y |\n" * (n // 10),
        "table-many-columns": "|" + " a |" * (n // 10) + "\n|" + "---|" * (n // 10) + "\n|" + " x |" * (n // 10) + "\n",
        "many-headings": "".join("## Section %d\n\ntext [placeholder %d]\n\n" % (i, i) for i in range(n // 20)),
        "long-bracket-runs": "[x] " * n,
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 10000
    os.makedirs(out, exist_ok=True)
    for factor, suffix in ((1, "1x"), (10, "10x")):
        for name, text in cases(scale * factor).items():
            with open(os.path.join(out, "%s-%s.md" % (name, suffix)), "w") as handle:
                handle.write(text)


if __name__ == "__main__":
    main()
