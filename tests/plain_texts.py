"""Short documents that are not web pages, written for these tests: a café note, a README,
release notes and a permissive licence in the manner of the MIT licence (wording our own)."""

CAFE = """Café Lumen opens on Mill Street this Saturday.

They roast their own beans and bake bread daily."""

README = """# tidyfold

A small command-line tool that folds long lines in text files without breaking words.

## Install

pip install tidyfold

## Usage

tidyfold --width 72 notes.txt

The tool reads the file, wraps every paragraph at the given width and writes the result to
standard output. Blank lines between paragraphs are kept as they are.

## Licence

Released under the Open Fold Licence; see LICENCE for the full text.
"""

RELEASE_NOTES = """tidyfold 2.1.0

Released 3 March 2025.

New features

- The --width option now accepts values up to 400.
- A --keep-indent flag preserves the indentation of the first line of each paragraph.

Fixes

- Lines that end in a hyphen are no longer joined with the next line.
- Reading from standard input works again on Windows.

Thanks to everyone who reported problems on the tracker.
"""

LICENCE = """The Open Fold Licence

Copyright (c) 2025 The Tidyfold Authors

Anyone who receives a copy of this software and its documentation may use, copy, change,
merge, publish, share, sublicense and sell copies of it, and may let others do the same,
free of charge, provided that the notice above and this permission appear in every copy or
substantial portion of the software.

The software comes as it is, with no promise of any kind, stated or implied, including but
not limited to promises that it is fit for sale, fit for a purpose or free of defects. The
authors and owners of the copyright are not liable for any claim, damage or other loss,
whether in a contract, a tort or otherwise, arising from the software or its use.
"""

# A second licence sharing headings and whole paragraphs with LICENCE, as the GPL and LGPL do.
LICENCE_VARIANT = (
    LICENCE.replace("The Open Fold Licence", "The Open Fold Library Licence").replace(
        "Anyone who receives", "Any person or library that receives"
    )
    + "\nA library linked with the software may carry its own licence terms.\n"
)
