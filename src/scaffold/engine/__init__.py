"""The engine every generator shares: opening a project (lock, journal recovery, manifest),
plans, the writer, rendering, template overrides, formatting and template snapshots."""
