"""Writing every file of a change, or none: a failure part-way puts back what was there."""

import os
import tempfile
from pathlib import Path


def write_all(files):
    """Write ``files``, ``{path: text}``: each complete on disk or, if any write fails, none changed."""
    originals = {path: path.read_bytes() if path.exists() else None for path in files}
    staged = {}
    try:
        for path, text in files.items():
            staged[path] = _stage(path, text)
        for path, temporary in staged.items():
            os.replace(temporary, path)
    except BaseException:
        for path in staged.values():
            Path(path).unlink(missing_ok=True)
        _restore(originals, files)
        raise


def _stage(path, text):
    """``text`` in a new file beside ``path``, flushed to disk, with ``path``'s permissions."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o777)
    return temporary


def _restore(originals, files):
    for path in files:
        original = originals[path]
        if original is None:
            path.unlink(missing_ok=True)
        elif not path.exists() or path.read_bytes() != original:
            path.write_bytes(original)
