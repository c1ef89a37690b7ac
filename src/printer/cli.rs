//! `kasse printer list` and `kasse printer test`, for staff setting a printer up.
