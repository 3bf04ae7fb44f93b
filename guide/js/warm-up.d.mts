// The module the build writes beside the guide's scripts (guide/sitegen/warm_up.py): the fixed
// links the engine's worker warms up on, from the tree. Declared here for the type check only.

export const WARM_UP_FRAGMENTS: readonly string[];
