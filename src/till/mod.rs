//! till (to be built)
