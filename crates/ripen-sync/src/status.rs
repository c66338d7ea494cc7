//! What `syncStatus()` names the sync's state by.

ripen_core::string_enum! {
    /// Where sync stands, as the page shows it.
    SyncPhase in "state" {
        /// No hub is connected.
        Off = "off",
        /// Pushing or pulling now.
        Syncing = "syncing",
        /// Everything known is on both sides; waiting for news.
        Idle = "idle",
        /// The hub cannot be reached; retrying.
        Offline = "offline",
        /// The hub refused the login or the session expired: connect again.
        Unauthorized = "unauthorized",
        /// The hub refused something else (see `error`); retrying.
        Error = "error",
    }
}
