"""Conflict packs: what the tracker knows of one conflict, as data (see ``pack``)."""

from tracker.conflict.pack import (
    UNATTRIBUTED,
    ActorSpec,
    ConflictPack,
    SideSpec,
    TruceSpec,
    active,
    configure,
    default_pack,
    found,
    get,
    installed,
    load_pack,
    others,
    pack_dirs,
    reset_caches,
    use,
)

__all__ = [
    "UNATTRIBUTED",
    "ActorSpec",
    "ConflictPack",
    "SideSpec",
    "TruceSpec",
    "active",
    "configure",
    "default_pack",
    "found",
    "get",
    "installed",
    "load_pack",
    "others",
    "pack_dirs",
    "reset_caches",
    "use",
]
