"""Knowledge base: entity, source and fact files, the dated fact store, loading and revisions."""
