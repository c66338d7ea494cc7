//! What a DOMException name from IndexedDB means for Ripen: the core's storage errors.

use ripen_core::StoreError;

/// Classifies a DOMException by its `name` (the stable part; messages differ by browser).
pub(crate) fn classify(name: &str, message: &str) -> StoreError {
    match name {
        // Chromium reports a full disk on the request or as the aborted transaction's error.
        "QuotaExceededError" => StoreError::QuotaExceeded { detail: message.to_owned() },
        // The connection was closed (another tab upgraded or deleted the database) or the
        // backing store failed; retrying after a reopen may work.
        "InvalidStateError" | "UnknownError" | "TransactionInactiveError" => {
            StoreError::Unavailable { detail: format!("{name}: {message}") }
        }
        _ => StoreError::Backend { detail: format!("{name}: {message}") },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_core::ErrorKind;

    #[test]
    fn dom_exception_names_map_to_stable_kinds() {
        let cases = [
            ("QuotaExceededError", ErrorKind::QuotaExceeded),
            ("InvalidStateError", ErrorKind::Storage),
            ("UnknownError", ErrorKind::Storage),
            ("ConstraintError", ErrorKind::Storage),
            ("AbortError", ErrorKind::Storage),
        ];
        for (name, kind) in cases {
            assert_eq!(classify(name, "m").kind(), kind, "{name}");
        }
        assert_eq!(
            classify("QuotaExceededError", "disk full"),
            StoreError::QuotaExceeded { detail: "disk full".into() }
        );
    }
}
