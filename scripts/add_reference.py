#!/usr/bin/env python3
"""Add a reference to refs.bib from its DOI or PubMed ID (PMID).

Examples:
  scripts/add_reference.py 10.1016/S0140-6736(20)31553-1
  scripts/add_reference.py 33002431
  scripts/add_reference.py 33002431 --dry-run     (show the entry, change nothing)

Looks the identifier up (Crossref for a DOI, PubMed for a PMID), writes a clean entry that follows the
key rule (family name + year + first title word), with acronyms and names in the title in braces, its
doi, pmid and url fields and, from PubMed's publication types, the kind of source (review, trial ...),
and appends it to the end of refs.bib without changing anything else.
It refuses an identifier or key that refs.bib already has. Check the printed entry against the paper.

Exit status: 0 added (or shown with --dry-run), 1 refused or the lookup failed (nothing changed),
2 the identifier or options are wrong.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import argparse
import sys
from pathlib import Path

from salvage_site import bibliography
from salvage_site import reference_lookup as lookup

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        kind, identifier = lookup.normal_identifier(args.identifier)
    except ValueError as error:
        print(f"{error}.", file=sys.stderr)
        return 2
    wrong = _wrong_option(args)
    if wrong:
        print(wrong, file=sys.stderr)
        return 2

    try:
        existing = lookup.existing_entries(args.bib)
        already = existing.dois.get(identifier.lower()) if kind == "doi" else existing.pmids.get(identifier)
        if already:
            print(
                f"Not added: refs.bib already has {kind.upper()} {identifier} as '{already}'. Cite it as [@{already}].",
                file=sys.stderr,
            )
            return 1
        work = lookup.lookup(kind, identifier, lookup.Fetcher())
    except lookup.ReferenceLookupError as error:
        print(f"Not added: {error}", file=sys.stderr)
        return 1

    refused = _refusal(args, work, existing)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    key = args.key or lookup.free_key(lookup.base_key(work), existing.keys)
    entry = lookup.bibtex(work, key)

    if args.dry_run:
        print(entry, end="")
        return 0
    lookup.append_entry(args.bib, entry)
    _report_added(args.bib, entry, key, work, kind)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="add_reference.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
    )
    parser.add_argument("identifier", help="a DOI (10.xxxx/...) or a PubMed ID (digits)")
    parser.add_argument("--key", help="use this key instead of the one made by the key rule")
    parser.add_argument(
        "--bib",
        type=Path,
        default=ROOT / "refs.bib",
        help="the bibliography to add to (default: refs.bib of this checkout)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the entry; do not change refs.bib")
    return parser


def _wrong_option(args: argparse.Namespace) -> str | None:
    if args.key and not bibliography.KEY_RULE.match(args.key):
        return f"--key {args.key}: a key is {bibliography.KEY_RULE_TEXT}"
    if not args.bib.is_file():
        return f"{args.bib}: no such file — run this from the project checkout"
    return None


def _refusal(args: argparse.Namespace, work: lookup.Work, existing: lookup.Existing) -> str | None:
    """Why the work that was looked up cannot be added, if it cannot."""
    duplicate = (work.doi and existing.dois.get(bibliography.normal_doi(work.doi))) or (
        work.pmid and existing.pmids.get(work.pmid)
    )
    if duplicate:
        return (
            f"Not added: refs.bib already has this article (DOI {work.doi or '-'}, PMID "
            f"{work.pmid or '-'}) as '{duplicate}'. Cite it as [@{duplicate}]."
        )
    missing = lookup.missing_fields(work)
    if missing:
        return (
            f"Not added: the record for {args.identifier} has no {', '.join(missing)}. "
            "Add this reference by hand from the publisher's page (CONTRIBUTING.md)."
        )
    if args.key and args.key in existing.keys:
        return f"Not added: the key '{args.key}' is taken in refs.bib; choose another."
    return None


def _report_added(bib: Path, entry: str, key: str, work: lookup.Work, kind: str) -> None:
    print(f"Added to {bib.name}:\n\n{entry}")
    print(
        f"Cite it as [@{key}]. Check the entry against the paper: authors, title, year, "
        "journal, and braces around names that must keep their capitals."
    )
    if not work.kind:
        print(
            "The record does not say what kind of source this is: add a line such as "
            "kind = {randomized trial} to the entry (one of: " + bibliography.KINDS_TEXT + ")."
        )
    if not work.pmid and kind == "doi":
        print("No PubMed ID was found for this DOI; add 'pmid' by hand if the article has one.")


if __name__ == "__main__":
    sys.exit(main())
