//! ui (to be built)
