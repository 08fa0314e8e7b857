"""The `kg` program: `kg ...` and `python -m kg ...` (kg.cli parses the arguments)."""

import gc


def run() -> None:
    # A kg run is short, and what it imports and loads (spaCy, its pipeline, kg's tables: some hundred
    # thousand objects) lives until it ends: Python's cyclic garbage collector scanned them again and again,
    # 0.3 s of a five-article build. It is off while kg imports; then what exists is frozen out of its reach,
    # and again at the end, which spares the collection Python makes at exit.
    gc.disable()
    from kg.cli import main

    gc.freeze()
    gc.enable()
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
