"""Saved choices ("same as last time"): selection YAML files in one folder, never with patient details."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import InputError, Problem
from ..output import write_atomic

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def names(folder: Path) -> list[str]:
    """The presets in ``folder``, by name (the file's stem)."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if NAME.match(p.stem))


def path_of(folder: Path, name: str) -> Path:
    """A preset's file; only plain names, so that a name never reaches outside the folder."""
    if not NAME.match(name):
        raise InputError(Problem(f"expected a preset name of small letters, digits and '-', got '{name}'",
                                 where="preset"))
    return folder / f"{name}.yaml"


def save(folder: Path, name: str, data: dict, force: bool = True) -> Path:
    """Write a preset atomically; ``data`` holds the choices only (see FormState.preset)."""
    path = path_of(folder, name)
    folder.mkdir(parents=True, exist_ok=True)
    text = "# A handouts preset saved from 'handouts serve': choices only, no patient details.\n"
    text += yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write_atomic(path, text.encode(), force=force)
    return path
