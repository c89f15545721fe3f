//! `armswatch serve`: the analysts' web UI and HTTP API over the register.
