"""Rule specifications, loading (with a cache of compiled formulas) and the engine kinds."""
