//! webhook (to be built)
