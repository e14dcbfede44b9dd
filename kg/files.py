"""Writing a build so that a failure never leaves a half-written or mixed output folder behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging(out: Path):
    """A scratch folder beside the outputs (same filesystem, so renames are atomic); removed whatever happens."""
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, out: Path, names: list[str]) -> list[Path]:
    """Move every staged file or folder into `out`, each by one rename; an old folder is swapped out first."""
    written = []
    for name in names:
        source, target = stage / name, out / name
        if source.is_dir():
            if target.exists():
                old = stage / f".old-{name}"
                os.replace(target, old)
            os.replace(source, target)
        else:
            os.replace(source, target)
        written.append(target)
    return written


def write_atomic(path: Path, data: bytes) -> None:
    """One file, written beside its target and renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates files only the owner can read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
